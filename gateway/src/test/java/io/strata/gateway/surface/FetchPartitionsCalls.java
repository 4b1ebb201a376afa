package io.strata.gateway.surface;

import io.grpc.ManagedChannel;
import io.strata.api.tls.InternalChannels;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionServiceGrpc;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One FetchPartitions call, over a plaintext channel of its own, as the Java client makes it: to
 * the gateway's {@code GatewayService} (on its HTTP port) or to a node's {@code PartitionService}
 * at the address the gateway named. Stateless.
 */
final class FetchPartitionsCalls {

    private static final long DEADLINE_SECONDS = 30;

    private FetchPartitionsCalls() {
    }

    /** The partitions from offset 0, answered at once (no long poll). */
    static FetchPartitionsRequest fromStart(String topic, int... partitions) {
        FetchPartitionsRequest.Builder request = FetchPartitionsRequest.newBuilder().setMaxWaitMs(0);
        for (int partition : partitions) {
            request.addPartitions(PartitionFetch.newBuilder().setTopic(topic).setPartition(partition).setOffset(0)
                    .setMaxBytes(1 << 20));
        }
        return request.build();
    }

    /** {@code request} with {@code partition} of {@code topic} from offset 0 added at its end. */
    static FetchPartitionsRequest plus(FetchPartitionsRequest request, String topic, int partition) {
        return request.toBuilder().addPartitions(PartitionFetch.newBuilder().setTopic(topic).setPartition(partition)
                .setOffset(0).setMaxBytes(1 << 20)).build();
    }

    static FetchPartitionsResponse gateway(String hostPort, FetchPartitionsRequest request) throws InterruptedException {
        return call(hostPort, channel -> GatewayServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).fetchPartitions(request));
    }

    static FetchPartitionsResponse node(String address, FetchPartitionsRequest request) throws InterruptedException {
        return call(address, channel -> PartitionServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).fetchPartitions(request));
    }

    private static FetchPartitionsResponse call(String hostPort, Function<ManagedChannel, FetchPartitionsResponse> call)
            throws InterruptedException {
        ManagedChannel channel = InternalChannels.plaintext().forTarget(hostPort).build();
        try {
            return call.apply(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
