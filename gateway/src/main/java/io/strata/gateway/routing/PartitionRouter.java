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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends a call to a partition's leader and retries it, within the request's deadline, while the
 * failure says another attempt can succeed ({@link RetryPolicy}). Between attempts it waits for
 * the metadata cache to change (a new leader) or for the backoff, whichever comes first, so a
 * leader change is picked up as soon as the watch delivers it.
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
            return call.apply(stub).onFailure().recoverWithUni(failure ->
                    retryOrFail(GrpcErrors.asStrataException(failure), true, topic, partition, deadline, call, attempt, changed));
        });
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
