package io.strata.api.acl;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class AclCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final List<CompletableFuture<List<AclBinding>>> reads = new ArrayList<>();
    private final AclCache cache = new AclCache(this::read, Set.of(), false, Duration.ofSeconds(5), now::get);

    private CompletionStage<List<AclBinding>> read() {
        CompletableFuture<List<AclBinding>> read = new CompletableFuture<>();
        reads.add(read);
        return read;
    }

    private static final AclBinding ALLOW = AclBinding.parse("User:a", "*", "TOPIC", "t", "LITERAL", "READ", "ALLOW");

    @Test
    void theFirstRequestWaitsForTheFirstReadAndLaterOnesAreDecidedAtOnce() {
        CompletableFuture<AclAuthorizer> first = cache.authorizer().toCompletableFuture();
        CompletableFuture<AclAuthorizer> second = cache.authorizer().toCompletableFuture();
        assertThat(reads).as("one read for both").hasSize(1);
        assertThat(first).isNotDone();
        reads.get(0).complete(List.of(ALLOW));
        assertThat(first.join().bindings()).containsExactly(ALLOW);
        assertThat(second.join()).isSameAs(first.join());
        assertThat(cache.authorizer().toCompletableFuture().join()).isSameAs(first.join());
        assertThat(reads).hasSize(1);
    }

    @Test
    void anOldSnapshotServesWhileOneBackgroundReadRunsAndAFailedReadKeepsIt() {
        cache.authorizer();
        reads.get(0).complete(List.of(ALLOW));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        AclAuthorizer old = cache.authorizer().toCompletableFuture().join();
        cache.authorizer();
        assertThat(reads).as("one background read").hasSize(2);
        reads.get(1).completeExceptionally(new StrataException(ErrorCode.REQUEST_TIMED_OUT, "slow"));
        assertThat(cache.authorizer().toCompletableFuture().join()).isSameAs(old);
        reads.get(2).complete(List.of());
        assertThat(cache.authorizer().toCompletableFuture().join().bindings()).isEmpty();
    }

    @Test
    void aFailedFirstReadFailsTheRequestRatherThanAllowingIt() {
        CompletableFuture<AclAuthorizer> first = cache.authorizer().toCompletableFuture();
        reads.get(0).completeExceptionally(new StrataException(ErrorCode.REQUEST_TIMED_OUT, "metadata service away"));
        assertThat(catchThrowable(first::join)).hasRootCauseInstanceOf(StrataException.class);
    }
}
