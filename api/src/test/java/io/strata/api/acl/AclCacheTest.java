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
    void renewalsKeepAnIdleCopyWithinTheTtlSoTheFirstRequestAfterAnHourSeesTheChange() {
        cache.authorizer();
        reads.get(0).complete(List.of(ALLOW));
        cache.renew();
        assertThat(reads).as("a fresh copy is not re-read").hasSize(1);
        // An hour without a request: the owner's timer renews every half TTL.
        AclBinding deny = AclBinding.parse("User:a", "*", "TOPIC", "t", "LITERAL", "READ", "DENY");
        for (long tick = 1; tick <= Duration.ofHours(1).dividedBy(cache.renewalPeriod()); tick++) {
            now.addAndGet(cache.renewalPeriod().toNanos());
            cache.renew();
            reads.get(reads.size() - 1).complete(tick < 100 ? List.of(ALLOW) : List.of(ALLOW, deny));
        }
        assertThat(reads).as("one read per half TTL").hasSize(1 + 1440);
        AclAuthorizer decided = cache.authorizer().toCompletableFuture().join();
        assertThat(decided.bindings()).as("decided at once with the renewed copy").contains(deny);
        assertThat(decided.authorize("User:a", "*", AclOperation.READ, AclResourceType.TOPIC, "t")).isFalse();
        assertThat(reads).as("no read started by the request").hasSize(1441);
    }

    @Test
    void aRenewalThatFailsKeepsTheCopyAndTheNextOneRetries() {
        cache.authorizer();
        reads.get(0).complete(List.of(ALLOW));
        now.addAndGet(cache.renewalPeriod().toNanos());
        cache.renew();
        cache.renew();
        assertThat(reads).as("one read in flight at a time").hasSize(2);
        reads.get(1).completeExceptionally(new StrataException(ErrorCode.REQUEST_TIMED_OUT, "metadata service away"));
        assertThat(cache.authorizer().toCompletableFuture().join().bindings()).containsExactly(ALLOW);
        cache.renew();
        assertThat(reads).hasSize(3);
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
