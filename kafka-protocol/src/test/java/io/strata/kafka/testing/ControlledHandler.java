package io.strata.kafka.testing;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DescribeCluster answered when the test says so: each call returns a new pending stage the test
 * completes (from any thread), so replies can be made to finish in any order.
 */
public final class ControlledHandler implements KafkaApiHandler {

    private final List<CompletableFuture<ApiMessage>> calls = new CopyOnWriteArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final List<Integer> correlationIds = new CopyOnWriteArrayList<>();

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DESCRIBE_CLUSTER.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DESCRIBE_CLUSTER.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        CompletableFuture<ApiMessage> call = new CompletableFuture<>();
        threads.add(Thread.currentThread().getName());
        correlationIds.add(request.header().correlationId());
        calls.add(call);
        return call;
    }

    /** The threads (event loops) the calls came on. */
    public Set<String> threads() {
        return Set.copyOf(threads);
    }

    /** The correlation ids of the calls, in the order they reached this handler. */
    public List<Integer> correlationIds() {
        return List.copyOf(correlationIds);
    }

    public int calls() {
        return calls.size();
    }

    /** Completes the {@code index}th call with a response naming {@code clusterId}. */
    public void complete(int index, String clusterId) {
        calls.get(index).complete(new DescribeClusterResponseData().setClusterId(clusterId));
    }

    public void fail(int index, Throwable failure) {
        calls.get(index).completeExceptionally(failure);
    }
}
