package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.OffsetSpec;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.group.ConsumerPositions;
import io.strata.gateway.group.PartitionRecords;
import io.strata.gateway.group.RestConsumerReads;
import io.strata.gateway.group.RestConsumers;
import io.strata.gateway.group.TopicPartition;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * REST consumer instances, shaped like the Kafka REST Proxy v2 ({@code /consumers/{group}/instances/{name}/…}).
 * The instances' state lives in the group coordinator ({@link RestConsumers}), so any gateway
 * answers for any instance. Reads join the group and follow rebalances ({@link RestConsumerReads}).
 */
@Path("/consumers/{group}")
public class ConsumerResource {

    @Inject
    RestConsumers consumers;
    @Inject
    RestConsumerReads reads;
    @Inject
    GatewayConfig config;

    /** The answer to creating an instance: its name and where it lives. */
    @RegisterForReflection
    public record Created(String instanceId, String baseUri) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@PathParam("group") String group, byte[] body, @Context UriInfo uri) {
        return Uni.createFrom().deferred(() -> {
            ConsumerJson.Creation creation = ConsumerJson.creation(body, "consumer-" + UUID.randomUUID());
            return consumers.create(group, creation.name(), creation.format(), creation.configs())
                    .map(instance -> creation.ignored().on(JsonBodies.ok(new Created(instance.getName(), uri.getBaseUriBuilder()
                            .path("consumers").path(group).path("instances").path(instance.getName()).build().toString()))));
        });
    }

    @DELETE
    @Path("instances/{name}")
    public Uni<Response> delete(@PathParam("group") String group, @PathParam("name") String name) {
        return consumers.delete(group, name).map(done -> Response.noContent().build());
    }

    @POST
    @Path("instances/{name}/subscription")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> subscribe(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return Uni.createFrom().deferred(() -> consumers.subscribe(group, name, ConsumerJson.subscription(body)))
                .map(instance -> Response.noContent().build());
    }

    /**
     * The answer to reading a subscription: topic names, or the pattern (REST Proxy v2), and the
     * partitions the instance holds now as the Strimzi Bridge lists them ({@code [{"topic": [0, 1]}]}).
     */
    @RegisterForReflection
    public record Subscription(List<String> topics, String topicPattern, List<Map<String, List<Integer>>> partitions) {
    }

    @GET
    @Path("instances/{name}/subscription")
    public Uni<Response> subscription(@PathParam("group") String group, @PathParam("name") String name) {
        return consumers.get(group, name).map(instance -> JsonBodies.ok(new Subscription(
                instance.getSubscription().getTopicNamesList(),
                instance.getSubscription().getTopicRegex().isEmpty() ? null : instance.getSubscription().getTopicRegex(),
                ConsumerPositions.of(instance.getPositionsList()).offsets().keySet().stream()
                        .collect(Collectors.groupingBy(TopicPartition::topic, java.util.TreeMap::new,
                                Collectors.mapping(TopicPartition::partition, Collectors.toList())))
                        .entrySet().stream().map(e -> Map.of(e.getKey(), e.getValue())).toList())));
    }

    @DELETE
    @Path("instances/{name}/subscription")
    public Uni<Response> unsubscribe(@PathParam("group") String group, @PathParam("name") String name) {
        return consumers.unsubscribe(group, name).map(instance -> Response.noContent().build());
    }

    @GET
    @Path("instances/{name}/records")
    public Uni<Response> records(@PathParam("group") String group, @PathParam("name") String name,
                                 @QueryParam("timeout") String timeout, @QueryParam("max_bytes") String maxBytes,
                                 @QueryParam("max_records") String maxRecords) {
        return Uni.createFrom().deferred(() -> {
            Long waitMs = timeout == null || timeout.isEmpty() ? null
                    : QueryParams.number("timeout", timeout, 0, config.maxFetchWait().toMillis(), 0);
            int bytes = (int) QueryParams.number("max_bytes", maxBytes, 1, Integer.MAX_VALUE, config.consumerMaxBytes());
            int records = (int) QueryParams.number("max_records", maxRecords, 1, config.maxRecords(), config.maxRecords());
            return reads.read(group, name, waitMs, bytes, records).map(read -> {
                EmbeddedFormat format = format(read.instance());
                ArrayNode all = ProduceBody.MAPPER.createArrayNode();
                for (PartitionRecords partition : read.records()) {
                    all.addAll(RecordJson.toJson(partition.partition().topic(), partition.partition().partition(),
                            partition.records(), format));
                }
                return JsonBodies.ok(all, format.mediaType());
            });
        });
    }

    @POST
    @Path("instances/{name}/offsets")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> commit(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return Uni.createFrom().deferred(() -> {
            var offsets = ConsumerJson.offsets(body);
            return consumers.get(group, name).chain(instance -> consumers.commit(instance, offsets));
        }).map(committed -> Response.noContent().build());
    }

    /** A committed offset as the REST Proxy shows it. */
    @RegisterForReflection
    public record Offset(String topic, int partition, long offset, String metadata) {
    }

    /** The answer to reading committed offsets. */
    @RegisterForReflection
    public record Offsets(List<Offset> offsets) {
    }

    // A GET's body is not read ahead of the call: reading it must not happen on the event loop.
    @GET
    @Path("instances/{name}/offsets")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Uni<Response> committed(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return Uni.createFrom().deferred(() -> {
            List<TopicPartition> partitions = ConsumerJson.partitions(body);
            return consumers.get(group, name).chain(instance -> consumers.committed(group,
                    partitions.isEmpty() ? ConsumerPositions.of(instance.getPositionsList()).offsets().keySet() : partitions));
        }).map(offsets -> JsonBodies.ok(new Offsets(offsets.stream().map(o -> new Offset(o.getTopic(), o.getPartition(),
                o.getOffset(), o.hasMetadata() ? o.getMetadata() : null)).toList())));
    }

    @POST
    @Path("instances/{name}/positions")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> seek(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return Uni.createFrom().deferred(() -> {
            ConsumerJson.Seek seek = ConsumerJson.seek(body);
            return consumers.get(group, name)
                    .chain(instance -> consumers.offsetsForTimes(seek.timestamps()).chain(byTime -> {
                        Map<TopicPartition, Long> targets = new java.util.HashMap<>(byTime);
                        targets.putAll(seek.offsets());
                        return seekOwned(instance, targets);
                    }))
                    .map(done -> seek.ignored().on(Response.noContent().build()));
        });
    }

    @POST
    @Path("instances/{name}/positions/beginning")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> seekToBeginning(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return seekToEnd(group, name, body, OffsetSpec.OFFSET_SPEC_EARLIEST);
    }

    @POST
    @Path("instances/{name}/positions/end")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> seekToEnd(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return seekToEnd(group, name, body, OffsetSpec.OFFSET_SPEC_LATEST);
    }

    private Uni<Response> seekToEnd(String group, String name, byte[] body, OffsetSpec spec) {
        return Uni.createFrom().deferred(() -> {
            List<TopicPartition> partitions = ConsumerJson.partitions(body);
            return consumers.get(group, name).chain(instance -> {
                var owned = partitions.isEmpty() ? ConsumerPositions.of(instance.getPositionsList()).offsets().keySet() : partitions;
                return consumers.endOffsets(owned, spec).chain(targets -> seekOwned(instance, targets));
            });
        }).map(done -> Response.noContent().build());
    }

    /** The answer to reading assignments. */
    @RegisterForReflection
    public record Assignments(List<Partition> partitions) {
    }

    /** A partition as the REST Proxy names it. */
    @RegisterForReflection
    public record Partition(String topic, int partition) {
    }

    @POST
    @Path("instances/{name}/assignments")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> assign(@PathParam("group") String group, @PathParam("name") String name, byte[] body) {
        return Uni.createFrom().deferred(() -> {
            if (body == null || body.length == 0) {
                throw ProduceBody.invalid("give the partitions to assign: {\"partitions\": [{\"topic\": \"t\", \"partition\": 0}]}"
                        + " (an empty array drops the assignment)");
            }
            return consumers.assign(group, name, ConsumerJson.partitions(body));
        }).map(assigned -> Response.noContent().build());
    }

    @GET
    @Path("instances/{name}/assignments")
    public Uni<Response> assignments(@PathParam("group") String group, @PathParam("name") String name) {
        return consumers.get(group, name).map(instance -> JsonBodies.ok(new Assignments(ConsumerPositions
                .of(instance.getPositionsList()).offsets().keySet().stream()
                .map(tp -> new Partition(tp.topic(), tp.partition())).toList())));
    }

    private Uni<ConsumerInstance> seekOwned(ConsumerInstance instance, Map<TopicPartition, Long> targets) {
        ConsumerPositions positions = ConsumerPositions.of(instance.getPositionsList());
        Set<TopicPartition> notOwned = targets.keySet().stream().filter(tp -> !positions.offsets().containsKey(tp))
                .collect(Collectors.toSet());
        if (!notOwned.isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "partitions " + notOwned + " are not assigned to consumer instance '"
                    + instance.getName() + "' (it has " + positions.offsets().keySet() + "): read records first to join the group");
        }
        return consumers.storePositions(instance, positions.with(targets));
    }

    private static EmbeddedFormat format(ConsumerInstance instance) {
        return EmbeddedFormat.ofName(instance.getFormat());
    }
}
