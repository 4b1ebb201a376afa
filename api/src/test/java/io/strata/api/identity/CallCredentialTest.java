package io.strata.api.identity;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CallCredentialTest {

    private final ClusterCredential credential = new ClusterCredential("0123456789abcdef-cluster", 60_000);
    private final AtomicLong clock = new AtomicLong(1_000);
    private final CallCredential interceptor = new CallCredential(Optional.of(credential), Caller.node(7), clock::get);

    @Test
    void theHeaderIsReusedForAQuarterOfTheMaxAgeThenRemade() {
        String first = interceptor.header();
        clock.addAndGet(15_000);
        assertThat(interceptor.header()).isSameAs(first);
        clock.addAndGet(1);
        String second = interceptor.header();
        assertThat(second).isNotEqualTo(first);
        assertThat(credential.verify(second, clock.get())).isEqualTo(Caller.node(7));
    }

    @Test
    void aClockThatWentBackMakesANewHeader() {
        String first = interceptor.header();
        clock.addAndGet(-1);
        assertThat(interceptor.header()).isNotEqualTo(first);
    }

    @Test
    void withoutASecretNothingIsSent() {
        assertThat(new CallCredential(Optional.empty(), Caller.gateway(), clock::get).enabled()).isFalse();
        assertThat(interceptor.enabled()).isTrue();
    }
}
