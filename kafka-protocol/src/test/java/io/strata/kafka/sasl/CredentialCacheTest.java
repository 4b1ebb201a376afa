package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;

import io.strata.api.scram.ScramAlgorithm;
import io.strata.kafka.testing.InMemoryCredentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class CredentialCacheTest {

    private final InMemoryCredentials store = new InMemoryCredentials();
    private final AtomicLong nanos = new AtomicLong();
    private final CredentialCache cache = new CredentialCache(user -> store.describe(java.util.List.of(user), true), Duration.ofSeconds(10), 2, nanos::get);
    private final byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);

    @Test
    void keepsAUsersKeysForTheTtlThenReadsThemAgain() {
        store.put("alice", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("one", salt, 4096));
        assertThat(cache.keysOf("alice").toCompletableFuture().join()).containsOnlyKeys(ScramAlgorithm.SCRAM_SHA_256);
        store.byKey.clear();
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(cache.keysOf("alice").toCompletableFuture().join()).as("within the TTL").isNotEmpty();
        assertThat(store.reads).hasValue(1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.keysOf("alice").toCompletableFuture().join()).as("after the TTL").isEmpty();
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void forgetsAnInvalidatedUserAndDoesNotKeepAFailedRead() {
        store.put("bob", ScramAlgorithm.SCRAM_SHA_512.keysOfPassword("one", salt, 4096));
        cache.keysOf("bob").toCompletableFuture().join();
        cache.invalidate("bob");
        store.failNextRead = new IllegalStateException("metadata service unreachable");
        assertThat(catchThrowable(() -> cache.keysOf("bob").toCompletableFuture().join()))
                .hasRootCauseMessage("metadata service unreachable");
        assertThat(cache.keysOf("bob").toCompletableFuture().join()).containsOnlyKeys(ScramAlgorithm.SCRAM_SHA_512);
        assertThat(store.reads).hasValue(3);
    }

    @Test
    void startsAfreshWhenFull() {
        cache.keysOf("a").toCompletableFuture().join();
        cache.keysOf("b").toCompletableFuture().join();
        cache.keysOf("c").toCompletableFuture().join();
        cache.keysOf("c").toCompletableFuture().join();
        assertThat(store.reads).hasValue(3);
        cache.keysOf("a").toCompletableFuture().join();
        assertThat(store.reads).as("a was dropped when c came").hasValue(4);
    }
}
