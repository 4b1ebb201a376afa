package io.strata.gateway.grpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreatePartitionsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DeleteTopicResponse;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchRecordsRequest;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.GatewayService;
import io.strata.api.v1.InitProducerIdRequest;
import io.strata.api.v1.InitProducerIdResponse;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.ListTopicOffsetsResponse;
import io.strata.api.v1.ProduceRequest;
import io.strata.api.v1.ProduceResponse;
import io.strata.api.v1.ProduceStreamResponse;
import io.strata.api.v1.SubscribeRequest;
import io.strata.gateway.admin.AdminService;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.fetch.FetchService;
import io.strata.gateway.fetch.PartitionsFetchService;
import io.strata.gateway.produce.ProduceService;
import io.strata.gateway.produce.ProducerIds;
import io.strata.gateway.routing.Deadline;
import jakarta.inject.Inject;

/**
 * {@code strata.v1.GatewayService}: a thin shell over the produce, fetch and admin services.
 * Failures leave through the shared {@link io.strata.api.error.GrpcErrorMapper}. Produce requests
 * are handled on worker threads (batching simple records is CPU work); nothing here blocks.
 */
@GrpcService
public class GatewayGrpcService implements GatewayService {

    @Inject
    ProduceService produce;
    @Inject
    FetchService fetch;
    @Inject
    PartitionsFetchService partitionsFetch;
    @Inject
    AdminService admin;
    @Inject
    OffsetsService offsets;
    @Inject
    ProducerIds producerIds;
    @Inject
    GatewayConfig config;

    @Override
    public Uni<ProduceResponse> produce(ProduceRequest request) {
        return Uni.createFrom().deferred(() -> new ProduceCall(produce, request, deadline(request.getTimeoutMs())).run())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The stream's answers are held until the client half-closes, so their number is bounded
     * (produce-stream-max-responses): the request beyond it is refused, before it is applied,
     * with INVALID_REQUEST naming the limit (the earlier requests were applied).
     */
    @Override
    public Uni<ProduceStreamResponse> produceStream(Multi<ProduceRequest> requests) {
        int max = config.produceStreamMaxResponses();
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return requests.emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUniAndConcatenate(request -> count.incrementAndGet() > max
                        ? Uni.createFrom().failure(new StrataException(ErrorCode.INVALID_REQUEST, "a ProduceStream holds at most "
                        + max + " requests (strata.gateway.produce-stream-max-responses), because their answers wait for the "
                        + "end of the stream; the first " + max + " were applied, this one and later ones were not: "
                        + "send them on a new stream"))
                        : produce(request))
                .collect().asList()
                .map(responses -> ProduceStreamResponse.newBuilder().addAllResponses(responses).build());
    }

    @Override
    public Uni<InitProducerIdResponse> initProducerId(InitProducerIdRequest request) {
        return producerIds.next();
    }

    @Override
    public Uni<FetchRecordsResponse> fetch(FetchRecordsRequest request) {
        return fetch.consumerFetch(request.getTopic(), request.getPartition(), request.getOffset(), request.getMaxBytes(),
                request.getMaxWaitMs());
    }

    @Override
    public Uni<FetchPartitionsResponse> fetchPartitions(FetchPartitionsRequest request) {
        return partitionsFetch.fetch(request);
    }

    @Override
    public Multi<FetchRecordsResponse> subscribe(SubscribeRequest request) {
        return fetch.subscribe(request.getTopic(), request.getPartition(), request.getOffset(), request.getMaxBytes());
    }

    @Override
    public Uni<ListTopicOffsetsResponse> listOffsets(ListTopicOffsetsRequest request) {
        return offsets.listOffsets(request, deadline(0));
    }

    @Override
    public Uni<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        return admin.createTopic(request);
    }

    @Override
    public Uni<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        return admin.deleteTopic(request);
    }

    @Override
    public Uni<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        return admin.createPartitions(request);
    }

    @Override
    public Uni<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return admin.alterConfigs(request);
    }

    @Override
    public Uni<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return admin.describeConfigs(request);
    }

    @Override
    public Uni<DescribeTopicsResponse> describeTopics(DescribeTopicsRequest request) {
        return admin.describeTopics(request);
    }

    @Override
    public Uni<DescribeClusterResponse> describeCluster(DescribeClusterRequest request) {
        return admin.describeCluster();
    }

    private Deadline deadline(int timeoutMs) {
        if (timeoutMs < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "timeout_ms must be 0 (the default) or more, got " + timeoutMs);
        }
        return timeoutMs == 0 ? Deadline.after(config.requestTimeout()) : Deadline.afterMs(timeoutMs);
    }
}
