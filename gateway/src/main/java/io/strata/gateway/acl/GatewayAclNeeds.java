package io.strata.gateway.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.strata.api.acl.AclNeed;
import io.strata.api.acl.AclOperation;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchRecordsRequest;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.ProduceRequest;
import io.strata.api.v1.ResetOffsetsRequest;
import io.strata.api.v1.SubscribeRequest;
import io.strata.api.v1.UpdateConsumerInstanceRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.strata.api.acl.AclOperation.ALTER;
import static io.strata.api.acl.AclOperation.ALTER_CONFIGS;
import static io.strata.api.acl.AclOperation.CREATE;
import static io.strata.api.acl.AclOperation.DELETE;
import static io.strata.api.acl.AclOperation.DESCRIBE;
import static io.strata.api.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.strata.api.acl.AclOperation.IDEMPOTENT_WRITE;
import static io.strata.api.acl.AclOperation.READ;
import static io.strata.api.acl.AclOperation.WRITE;

/**
 * What each REST endpoint and gRPC method of the gateway needs to be allowed: the one table of
 * "call → operation on resource", the gateway's counterpart of the Kafka listener's
 * {@code AclNeeds}, with the same operation wherever a Kafka API does the same thing (Produce →
 * WRITE, Fetch → READ, ListOffsets → DESCRIBE, OffsetCommit → READ on the group and the topics, …).
 *
 * <p>Every need must be allowed ({@link GatewayAcls#refusal}); an empty list means "any
 * authenticated caller" (cluster description, brokers, probes, and the lists whose answer is
 * filtered to what the caller may DESCRIBE: {@code GET /topics}, {@code GET /admin/topics},
 * {@code GET /admin/groups}, gRPC DescribeTopics without names, ListGroups). A call this table does
 * not know answers empty and is refused to all but super users: the gateway fails closed. Topic
 * names in a REST body are every {@code "topic"} string and {@code "topics"} array in it; a
 * subscription by pattern needs READ on every topic (LITERAL {@code *}), since the topics it will
 * match are not known yet. Stateless.
 */
public final class GatewayAclNeeds {

    /** The needs of one REST route, from its path parameters and (read only when needed) its JSON body. */
    @FunctionalInterface
    interface RestRule {
        List<AclNeed> needs(Map<String, String> path, Supplier<JsonNode> body);
    }

    private static final Map<String, RestRule> REST = new HashMap<>();
    private static final Map<String, Function<Message, List<AclNeed>>> GRPC = new HashMap<>();
    private static final String GATEWAY = "strata.v1.GatewayService/";
    private static final String GROUPS = "strata.v1.GroupCoordinatorService/";

    static {
        // REST Proxy v2 / Bridge: topics
        rest("GET /topics", (p, b) -> List.of());
        rest("GET /topics/{topic}", (p, b) -> topic(DESCRIBE, p));
        rest("GET /topics/{topic}/partitions", (p, b) -> topic(DESCRIBE, p));
        rest("GET /topics/{topic}/partitions/{partition}", (p, b) -> topic(DESCRIBE, p));
        rest("GET /topics/{topic}/partitions/{partition}/offsets", (p, b) -> topic(DESCRIBE, p));
        rest("POST /topics/{topic}", (p, b) -> topic(WRITE, p));
        rest("POST /topics/{topic}/partitions/{partition}", (p, b) -> topic(WRITE, p));
        rest("GET /topics/{topic}/partitions/{partition}/records", (p, b) -> topic(READ, p));
        rest("GET /brokers", (p, b) -> List.of());
        rest("GET /healthy", (p, b) -> List.of());
        rest("GET /ready", (p, b) -> List.of());
        // consumer instances: READ on the group, and on every topic a body names
        rest("POST /consumers/{group}", (p, b) -> group(READ, p));
        rest("DELETE /consumers/{group}/instances/{name}", (p, b) -> group(READ, p));
        rest("POST /consumers/{group}/instances/{name}/subscription", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("GET /consumers/{group}/instances/{name}/subscription", (p, b) -> group(READ, p));
        rest("DELETE /consumers/{group}/instances/{name}/subscription", (p, b) -> group(READ, p));
        rest("GET /consumers/{group}/instances/{name}/records", (p, b) -> group(READ, p));
        rest("POST /consumers/{group}/instances/{name}/offsets", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("GET /consumers/{group}/instances/{name}/offsets", (p, b) -> groupAndBodyTopics(DESCRIBE, DESCRIBE, p, b));
        rest("POST /consumers/{group}/instances/{name}/positions", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("POST /consumers/{group}/instances/{name}/positions/beginning", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("POST /consumers/{group}/instances/{name}/positions/end", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("POST /consumers/{group}/instances/{name}/assignments", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("GET /consumers/{group}/instances/{name}/assignments", (p, b) -> group(READ, p));
        // admin
        rest("POST /admin/topics", (p, b) -> List.of(AclNeed.topic(CREATE, text(b.get(), b.get().has("name") ? "name" : "topic_name"))));
        rest("GET /admin/topics", (p, b) -> List.of());
        rest("GET /admin/topics/{topic}", (p, b) -> topic(DESCRIBE, p));
        rest("DELETE /admin/topics/{topic}", (p, b) -> topic(DELETE, p));
        rest("POST /admin/topics/{topic}/partitions", (p, b) -> topic(ALTER, p));
        rest("PUT /admin/topics/{topic}/configs", (p, b) -> topic(ALTER_CONFIGS, p));
        rest("GET /admin/topics/{topic}/configs", (p, b) -> topic(DESCRIBE_CONFIGS, p));
        rest("GET /admin/cluster", (p, b) -> List.of());
        rest("GET /admin/cluster/configs", (p, b) -> List.of(AclNeed.cluster(DESCRIBE_CONFIGS)));
        rest("PATCH /admin/cluster/configs", (p, b) -> List.of(AclNeed.cluster(ALTER_CONFIGS)));
        rest("GET /admin/groups", (p, b) -> List.of());
        rest("POST /admin/groups/lag", (p, b) -> texts(b.get(), "groups").stream().map(g -> AclNeed.group(DESCRIBE, g)).toList());
        rest("GET /admin/groups/{group}", (p, b) -> group(DESCRIBE, p));
        rest("DELETE /admin/groups/{group}", (p, b) -> group(DELETE, p));
        rest("POST /admin/groups/{group}/offsets/reset", (p, b) -> groupAndBodyTopics(READ, READ, p, b));
        rest("GET /admin/acls", (p, b) -> List.of(AclNeed.cluster(DESCRIBE)));
        rest("POST /admin/acls", (p, b) -> List.of(AclNeed.cluster(ALTER)));
        rest("DELETE /admin/acls", (p, b) -> List.of(AclNeed.cluster(ALTER)));
        // partition moves, as Kafka's AlterPartitionReassignments / ListPartitionReassignments
        rest("POST /admin/reassignments", (p, b) -> List.of(AclNeed.cluster(ALTER)));
        rest("GET /admin/reassignments", (p, b) -> List.of(AclNeed.cluster(DESCRIBE)));
        rest("DELETE /admin/reassignments/{topic}/{partition}", (p, b) -> List.of(AclNeed.cluster(ALTER)));
        rest("POST /admin/nodes/{id}/drain", (p, b) -> List.of(AclNeed.cluster(ALTER)));
        rest("POST /admin/leaders/preferred", (p, b) -> List.of(AclNeed.cluster(ALTER)));

        // gRPC GatewayService
        grpc(GATEWAY + "Produce", m -> List.of(AclNeed.topic(WRITE, ((ProduceRequest) m).getTopic())));
        grpc(GATEWAY + "ProduceStream", m -> List.of(AclNeed.topic(WRITE, ((ProduceRequest) m).getTopic())));
        grpc(GATEWAY + "InitProducerId", m -> List.of(AclNeed.cluster(IDEMPOTENT_WRITE)));
        grpc(GATEWAY + "Fetch", m -> List.of(AclNeed.topic(READ, ((FetchRecordsRequest) m).getTopic())));
        grpc(GATEWAY + "FetchPartitions", m -> ((FetchPartitionsRequest) m).getPartitionsList().stream()
                .map(PartitionFetch::getTopic).distinct().map(t -> AclNeed.topic(READ, t)).toList());
        grpc(GATEWAY + "Subscribe", m -> List.of(AclNeed.topic(READ, ((SubscribeRequest) m).getTopic())));
        grpc(GATEWAY + "ListOffsets", m -> List.of(AclNeed.topic(DESCRIBE, ((ListTopicOffsetsRequest) m).getTopic())));
        grpc(GATEWAY + "CreateTopic", m -> List.of(AclNeed.topic(CREATE, ((CreateTopicRequest) m).getName())));
        grpc(GATEWAY + "DeleteTopic", m -> List.of(AclNeed.topic(DELETE, ((DeleteTopicRequest) m).getName())));
        grpc(GATEWAY + "CreatePartitions", m -> List.of(AclNeed.topic(ALTER, ((CreatePartitionsRequest) m).getTopic())));
        grpc(GATEWAY + "AlterConfigs", m -> List.of(topicOrCluster(ALTER_CONFIGS, ((AlterConfigsRequest) m).getTopic())));
        grpc(GATEWAY + "DescribeConfigs", m -> List.of(topicOrCluster(DESCRIBE_CONFIGS, ((DescribeConfigsRequest) m).getTopic())));
        grpc(GATEWAY + "DescribeTopics", m -> ((DescribeTopicsRequest) m).getNamesList().stream().map(t -> AclNeed.topic(DESCRIBE, t)).toList());
        grpc(GATEWAY + "DescribeCluster", m -> List.of());
        // gRPC GroupCoordinatorService (passed through to the coordinator)
        grpc(GROUPS + "Heartbeat", m -> subscription(AclNeed.group(READ, ((GroupHeartbeatRequest) m).getGroupId()),
                ((GroupHeartbeatRequest) m).getSubscription()));
        grpc(GROUPS + "CommitOffsets", m -> {
            CommitOffsetsRequest r = (CommitOffsetsRequest) m;
            List<AclNeed> needs = new ArrayList<>(List.of(AclNeed.group(READ, r.getGroupId())));
            r.getOffsetsList().forEach(o -> needs.add(AclNeed.topic(READ, o.getTopic())));
            return needs;
        });
        grpc(GROUPS + "FetchOffsets", m -> groupAndTopics(DESCRIBE, ((FetchOffsetsRequest) m).getGroupId(), DESCRIBE,
                ((FetchOffsetsRequest) m).getPartitionsList()));
        grpc(GROUPS + "ListGroups", m -> List.of());
        grpc(GROUPS + "DescribeGroups", m -> ((DescribeGroupsRequest) m).getGroupIdsList().stream().map(g -> AclNeed.group(DESCRIBE, g)).toList());
        grpc(GROUPS + "DeleteGroup", m -> List.of(AclNeed.group(DELETE, groupId(m))));
        grpc(GROUPS + "ResetOffsets", m -> groupAndTopics(READ, groupId(m), READ, ((ResetOffsetsRequest) m).getPartitionsList()));
        grpc(GROUPS + "DeleteOffsets", m -> groupAndTopics(DELETE, groupId(m), READ, ((DeleteOffsetsRequest) m).getPartitionsList()));
        grpc(GROUPS + "AssignmentHistory", m -> List.of(AclNeed.group(DESCRIBE, groupId(m))));
        grpc(GROUPS + "CreateConsumerInstance", m -> List.of(AclNeed.group(READ, groupId(m))));
        grpc(GROUPS + "GetConsumerInstance", m -> List.of(AclNeed.group(READ, groupId(m))));
        grpc(GROUPS + "UpdateConsumerInstance", m -> subscription(AclNeed.group(READ, groupId(m)),
                ((UpdateConsumerInstanceRequest) m).getSubscription()));
        grpc(GROUPS + "DeleteConsumerInstance", m -> List.of(AclNeed.group(READ, groupId(m))));
        grpc(GROUPS + "ListConsumerInstances", m -> List.of(AclNeed.group(READ, groupId(m))));
        // probes
        grpc("grpc.health.v1.Health/Check", m -> List.of());
        grpc("grpc.health.v1.Health/Watch", m -> List.of());
    }

    private GatewayAclNeeds() {
    }

    /**
     * The needs of a REST request to {@code route} ({@code "POST /topics/{topic}"}, the method and
     * the resource's path template); empty when the route is not in the table.
     *
     * @param body the request's JSON body, parsed on first use (an absent body reads as {@code {}})
     */
    public static Optional<List<AclNeed>> rest(String route, Map<String, String> path, Supplier<JsonNode> body) {
        RestRule rule = REST.get(route);
        return rule == null ? Optional.empty() : Optional.of(rule.needs(path, body));
    }

    /** The needs of one request message of the gRPC method {@code fullMethodName}; empty when not in the table. */
    public static Optional<List<AclNeed>> grpc(String fullMethodName, Message request) {
        Function<Message, List<AclNeed>> rule = GRPC.get(fullMethodName);
        return rule == null ? Optional.empty() : Optional.of(rule.apply(request));
    }

    /** Whether the gRPC method {@code fullMethodName} is in the table. */
    public static boolean knows(String fullMethodName) {
        return GRPC.containsKey(fullMethodName);
    }

    /** Every REST route in the table (for the test that each resource method has a row). */
    public static java.util.Set<String> restRoutes() {
        return java.util.Set.copyOf(REST.keySet());
    }

    private static void rest(String route, RestRule rule) {
        REST.put(route, rule);
    }

    private static void grpc(String method, Function<Message, List<AclNeed>> rule) {
        GRPC.put(method, rule);
    }

    private static List<AclNeed> topic(AclOperation operation, Map<String, String> path) {
        return List.of(AclNeed.topic(operation, path.get("topic")));
    }

    private static List<AclNeed> group(AclOperation operation, Map<String, String> path) {
        return List.of(AclNeed.group(operation, path.get("group")));
    }

    private static AclNeed topicOrCluster(AclOperation operation, String topic) {
        return topic.isEmpty() ? AclNeed.cluster(operation) : AclNeed.topic(operation, topic);
    }

    private static String groupId(Message request) {
        return (String) request.getField(request.getDescriptorForType().findFieldByName("group_id"));
    }

    private static List<AclNeed> groupAndTopics(AclOperation onGroup, String group, AclOperation onTopics,
                                                List<GroupTopicPartitions> partitions) {
        List<AclNeed> needs = new ArrayList<>(List.of(AclNeed.group(onGroup, group)));
        partitions.forEach(p -> needs.add(AclNeed.topic(onTopics, p.getTopic())));
        return needs;
    }

    private static List<AclNeed> subscription(AclNeed group, GroupSubscription subscription) {
        List<AclNeed> needs = new ArrayList<>(List.of(group));
        subscription.getTopicNamesList().forEach(t -> needs.add(AclNeed.topic(READ, t)));
        if (!subscription.getTopicRegex().isEmpty()) {
            needs.add(AclNeed.topic(READ, "*"));
        }
        return needs;
    }

    private static List<AclNeed> groupAndBodyTopics(AclOperation onGroup, AclOperation onTopics, Map<String, String> path,
                                                    Supplier<JsonNode> body) {
        List<AclNeed> needs = new ArrayList<>(group(onGroup, path));
        JsonNode json = body.get();
        bodyTopics(json).forEach(t -> needs.add(AclNeed.topic(onTopics, t)));
        if (json.hasNonNull("topic_pattern")) {
            needs.add(AclNeed.topic(onTopics, "*"));
        }
        return needs;
    }

    /** Every {@code "topic"} string and every string of a {@code "topics"} array, at any depth. */
    static List<String> bodyTopics(JsonNode json) {
        List<String> topics = new ArrayList<>();
        json.findValues("topic").stream().filter(JsonNode::isTextual).forEach(t -> topics.add(t.asText()));
        json.findValues("topics").stream().filter(JsonNode::isArray)
                .forEach(array -> array.forEach(t -> {
                    if (t.isTextual()) {
                        topics.add(t.asText());
                    }
                }));
        return topics.stream().distinct().toList();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    private static List<String> texts(JsonNode json, String field) {
        List<String> values = new ArrayList<>();
        JsonNode array = json.get(field);
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        return values;
    }
}
