package io.strata.gateway.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.Acks;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.OffsetSpec;
import io.strata.api.v1.TopicDescription;
import io.strata.gateway.acl.Visibility;
import io.strata.gateway.admin.AdminService;
import io.strata.gateway.admin.TopicListing;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.fetch.FetchService;
import io.strata.gateway.fetch.FetchedRecord;
import io.strata.gateway.fetch.RecordDecoder;
import io.strata.gateway.grpc.OffsetsService;
import io.strata.gateway.produce.OutgoingRecord;
import io.strata.gateway.produce.ProducePlan;
import io.strata.gateway.produce.ProduceService;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The {@code /topics} surface of the Kafka REST Proxy v2 and the Strimzi Bridge: produce
 * ({@code POST /topics/{topic}}, {@code POST /topics/{topic}/partitions/{p}}), read a partition
 * ({@code GET /topics/{topic}/partitions/{p}/records}), and topic metadata (list, describe,
 * partitions, a partition's beginning and end offsets). Bodies are read and checked by
 * {@link ProduceBody}; the work is done by {@link ProduceService} and {@link FetchService};
 * metadata comes from the metadata service ({@link AdminService}; the list from this gateway's
 * metadata view), offsets from the leaders.
 *
 * <p>Produce runs on a worker thread (parsing and batching a large body is CPU work that must not
 * hold an event loop) and does not block it: the answer is written when the appends complete.
 */
@Path("/topics")
public class TopicResource {

    @Inject
    ProduceService produce;
    @Inject
    FetchService fetch;
    @Inject
    GatewayConfig config;
    @Inject
    AdminService admin;
    @Inject
    OffsetsService offsets;
    @Inject
    MetadataCache cache;

    @GET
    public Uni<Response> list(@Context ContainerRequestContext request) {
        Visibility visibility = Visibility.of(request.getProperty(Visibility.PROPERTY));
        return Uni.createFrom().item(() -> JsonBodies.ok(TopicListing.all(visibility.topicsOf(cache.current())).stream()
                .map(s -> s.topic().getName()).toList()));
    }

    @GET
    @Path("{topic}")
    public Uni<Response> describe(@PathParam("topic") String topic) {
        return describeOne(topic).map(description -> JsonBodies.ok(TopicJson.topic(description)));
    }

    @GET
    @Path("{topic}/partitions")
    public Uni<Response> partitions(@PathParam("topic") String topic) {
        return describeOne(topic).map(description -> JsonBodies.ok(description.getPartitionsList().stream()
                .map(TopicJson::partition).toList()));
    }

    @GET
    @Path("{topic}/partitions/{partition}")
    public Uni<Response> partition(@PathParam("topic") String topic, @PathParam("partition") String partitionParam) {
        return Uni.createFrom().deferred(() -> {
            int partition = QueryParams.partition(partitionParam);
            return describeOne(topic).map(description -> JsonBodies.ok(TopicJson.partition(TopicJson.partitionOf(description, partition))));
        });
    }

    @GET
    @Path("{topic}/partitions/{partition}/offsets")
    public Uni<Response> partitionOffsets(@PathParam("topic") String topic, @PathParam("partition") String partitionParam) {
        return Uni.createFrom().deferred(() -> {
            int partition = QueryParams.partition(partitionParam);
            Deadline deadline = Deadline.after(config.requestTimeout());
            Uni<Long> beginning = offset(topic, partition, OffsetSpec.OFFSET_SPEC_EARLIEST, deadline);
            Uni<Long> end = offset(topic, partition, OffsetSpec.OFFSET_SPEC_LATEST, deadline);
            return Uni.combine().all().unis(beginning, end).asTuple()
                    .map(both -> JsonBodies.ok(new TopicJson.Offsets(both.getItem1(), both.getItem2())));
        });
    }

    private Uni<TopicDescription> describeOne(String topic) {
        return admin.describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).map(r -> r.getTopics(0));
    }

    private Uni<Long> offset(String topic, int partition, OffsetSpec spec, Deadline deadline) {
        return offsets.listOffsets(ListTopicOffsetsRequest.newBuilder().setTopic(topic).addPartitions(partition)
                .setSpec(spec).build(), deadline).map(r -> r.getOffsets(0).getOffset());
    }

    @POST
    @Path("{topic}")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Uni<Response> produce(@PathParam("topic") String topic, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @QueryParam("acks") String acks, @QueryParam("timeout_ms") String timeoutMs, byte[] body) {
        return produce(topic, null, contentType, acks, timeoutMs, body);
    }

    @POST
    @Path("{topic}/partitions/{partition}")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Uni<Response> produceToPartition(@PathParam("topic") String topic, @PathParam("partition") String partition,
                                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            @QueryParam("acks") String acks, @QueryParam("timeout_ms") String timeoutMs,
                                            byte[] body) {
        return produce(topic, QueryParams.partition(partition), contentType, acks, timeoutMs, body);
    }

    private Uni<Response> produce(String topic, Integer partition, String contentType, String acksParam, String timeoutMs,
                                  byte[] body) {
        EmbeddedFormat format = EmbeddedFormat.ofContentType(contentType);
        Acks acks = QueryParams.acks(acksParam);
        Deadline deadline = Deadline.afterMs(QueryParams.number("timeout_ms", timeoutMs, 1, 600_000,
                config.requestTimeout().toMillis()));
        ProduceBody.Parsed parsed = ProduceBody.read(body, format, config.maxProduceRecords());
        List<OutgoingRecord> records = parsed.records();
        ProducePlan plan = produce.plan(topic, partition, records);
        return produce.produce(topic, plan, records, acks, deadline)
                .map(outcomes -> parsed.ignored().on(JsonBodies.ok(ProduceAnswer.of(plan, outcomes))));
    }

    @GET
    @Path("{topic}/partitions/{partition}/records")
    public Uni<Response> records(@PathParam("topic") String topic, @PathParam("partition") String partitionParam,
                                 @QueryParam("offset") String offsetParam, @QueryParam("max_records") String maxRecordsParam,
                                 @QueryParam("timeout_ms") String timeoutMs, @QueryParam("max_bytes") String maxBytesParam,
                                 @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return Uni.createFrom().deferred(() -> {
            EmbeddedFormat format = EmbeddedFormat.ofAccept(accept);
            int partition = QueryParams.partition(partitionParam);
            long offset = QueryParams.number("offset", offsetParam, 0, Long.MAX_VALUE, 0);
            int maxRecords = (int) QueryParams.number("max_records", maxRecordsParam, 1, config.maxRecords(), config.defaultMaxRecords());
            int maxBytes = (int) QueryParams.number("max_bytes", maxBytesParam, 1, Integer.MAX_VALUE, 0);
            long waitMs = QueryParams.number("timeout_ms", timeoutMs, 0, config.maxFetchWait().toMillis(), 0);
            return fetch.fetch(topic, partition, offset, maxBytes, waitMs).map(response -> {
                List<FetchedRecord> records = RecordDecoder.decode(response.getRecords().asReadOnlyByteBuffer(), offset,
                        response.getHighWatermark(), maxRecords, config.restReadMaxDecodedBytes());
                return JsonBodies.ok(RecordJson.toJson(topic, partition, records, format), format.mediaType());
            });
        });
    }
}
