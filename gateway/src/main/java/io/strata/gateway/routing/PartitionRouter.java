package io.strata.gateway.routing;

import io.strata.api.metadata.ClusterMetadata;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.MutinyPartitionServiceGrpc.MutinyPartitionServiceStub;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.metrics.GatewayMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends a call to a partition's leader and retries it, within the request's deadline, while the
 * failure says another attempt can succeed ({@link RetryPolicy}). Between attempts it waits for
 * the metadata cache to change (a new leader) or for the backoff, whichever comes first, so a
 * leader change is picked up as soon as the watch delivers it.
 *
 * <p>A call to a node is never cancelled by its caller: once sent it ends by its answer or its
 * deadline, and a caller that stops waiting (a REST read whose other partition failed, a
 * subscriber that left, a gRPC client's cancel) only drops the outcome. Why: each cancel is an
 * HTTP/2 RST_STREAM on the one connection the gateway shares with a node, and a node closes a
 * connection that resets too many streams (GOAWAY ENHANCE_YOUR_CALM, its rapid-reset protection),
 * failing every produce and fetch on it; at 1,000 partitions a read that failed fast cancelled
 * up to a thousand long polls at once. The cost: a dropped long poll keeps its place on the node
 * until its own wait ends (at most the gateway's max-fetch-wait).
 *
 * <p>Holds no state of its own: the leader is looked up in the current cache view at each attempt.
 */
@ApplicationScoped
public class PartitionRouter {

    @Inject
    MetadataCache cache;
    @Inject
    NodeChannels channels;
    @Inject
    GatewayConfig config;
    @Inject
    GatewayMetrics metrics;

    private RetryPolicy policy;

    @PostConstruct
    void init() {
        policy = new RetryPolicy(config.retryBackoff(), config.retryBackoffMax());
    }

    /**
     * Runs {@code call} against the leader of {@code topic}-{@code partition}; the stub it gets
     * carries the request's remaining time as its deadline.
     */
    public <T> Uni<T> call(String topic, int partition, Deadline deadline, Function<MutinyPartitionServiceStub, Uni<T>> call) {
        return attempt(topic, partition, deadline, call, 1);
    }

    private <T> Uni<T> attempt(String topic, int partition, Deadline deadline,
                               Function<MutinyPartitionServiceStub, Uni<T>> call, int attempt) {
        return Uni.createFrom().deferred(() -> {
            CompletionStage<ClusterMetadata> changed = cache.nextChange();
            ClusterMetadata.Leader leader;
            try {
                leader = cache.current().leader(topic, partition);
            } catch (StrataException e) {
                return retryOrFail(e, false, topic, partition, deadline, call, attempt, changed);
            }
            MutinyPartitionServiceStub stub = channels.partitionService(leader.address())
                    .withDeadlineAfter(Math.max(1, deadline.remainingMs()), TimeUnit.MILLISECONDS);
            return uncancelled(call.apply(stub)).onFailure().recoverWithUni(failure ->
                    retryOrFail(GrpcErrors.asStrataException(failure), true, topic, partition, deadline, call, attempt, changed));
        });
    }

    /** {@code call}, started now; cancelling what this returns leaves {@code call} running (see the class comment). */
    private static <T> Uni<T> uncancelled(Uni<T> call) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        call.subscribe().with(outcome::complete, outcome::completeExceptionally);
        return Uni.createFrom().completionStage(outcome);
    }

    private <T> Uni<T> retryOrFail(StrataException failure, boolean fromNode, String topic, int partition, Deadline deadline,
                                   Function<MutinyPartitionServiceStub, Uni<T>> call, int attempt,
                                   CompletionStage<ClusterMetadata> changed) {
        if (!policy.retriable(failure, fromNode)) {
            return Uni.createFrom().failure(failure);
        }
        long waitMs = Math.min(policy.backoff(attempt).toMillis(), deadline.remainingMs());
        if (waitMs <= 0 || deadline.passed()) {
            return Uni.createFrom().failure(new StrataException(failure.code(), failure.getMessage()
                    + " (" + topic + "-" + partition + ": gave up after " + attempt + " attempts within the request's timeout)", failure));
        }
        metrics.retried(failure.code());
        return Uni.createFrom().completionStage(changed)
                .ifNoItem().after(Duration.ofMillis(waitMs)).recoverWithItem((ClusterMetadata) null)
                .chain(() -> attempt(topic, partition, deadline, call, attempt + 1));
    }
}
