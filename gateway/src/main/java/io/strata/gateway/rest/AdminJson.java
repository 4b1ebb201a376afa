package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.gateway.admin.PartitionOffsets;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The admin API's JSON, both ways (snake_case, as the REST Proxy): bodies read into metadata-service
 * requests with every field checked, and descriptions written as the views below. Pure.
 */
public final class AdminJson {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "topic_name", "partitions", "partitions_count",
            "replication_factor", "configs");
    private static final Set<String> CONFIGS_FIELDS = Set.of("configs", "delete");
    private static final Set<String> PARTITIONS_FIELDS = Set.of("partitions_count");

    private AdminJson() {
    }

    /**
     * {@code {"name": "t", "partitions": 6, "replication_factor": 3, "configs": {"retention.ms": "60000"}}};
     * the Strimzi Bridge's names {@code topic_name} and {@code partitions_count} are read too
     * (giving both names of one field is refused).
     */
    public static CreateTopicRequest createTopic(byte[] body) {
        JsonNode root = object(body, CREATE_FIELDS);
        JsonNode name = either(root, "name", "topic_name");
        if (name == null || !name.isTextual()) {
            throw ProduceBody.invalid("\"name\" must be a string, got " + (name == null ? "nothing" : ProduceBody.kind(name)));
        }
        CreateTopicRequest.Builder request = CreateTopicRequest.newBuilder().setName(name.textValue())
                .setPartitions(optionalInt(either(root, "partitions", "partitions_count"), "partitions"))
                .setReplicationFactor(optionalInt(root.get("replication_factor"), "replication_factor"));
        request.putAllConfigs(configs(root.get("configs"), false));
        return request.build();
    }

    /** The field by its REST Proxy name or its Bridge name, refusing both at once. */
    private static JsonNode either(JsonNode root, String field, String alias) {
        if (root.has(field) && root.has(alias)) {
            throw ProduceBody.invalid("give \"" + field + "\" or \"" + alias + "\" (the same field), not both");
        }
        return root.has(field) ? root.get(field) : root.get(alias);
    }

    /**
     * {@code {"configs": {"retention.ms": "60000", "segment.ms": null}, "delete": ["flush.ms"]}}: a
     * null value, or a key in {@code delete}, removes the override.
     */
    public static AlterConfigsRequest alterConfigs(String topic, byte[] body) {
        JsonNode root = object(body, CONFIGS_FIELDS);
        AlterConfigsRequest.Builder request = AlterConfigsRequest.newBuilder().setTopic(topic);
        JsonNode configs = root.get("configs");
        if (configs != null && !configs.isNull()) {
            if (!configs.isObject()) {
                throw ProduceBody.invalid("\"configs\" must be an object of name → value, got " + ProduceBody.kind(configs));
            }
            configs.fields().forEachRemaining(entry -> {
                if (entry.getValue().isNull()) {
                    request.addDelete(entry.getKey());
                }
            });
            request.putAllSet(configs(configs, true));
        }
        JsonNode delete = root.get("delete");
        if (delete != null && !delete.isNull()) {
            if (!delete.isArray()) {
                throw ProduceBody.invalid("\"delete\" must be an array of config names, got " + ProduceBody.kind(delete));
            }
            for (JsonNode key : delete) {
                if (!key.isTextual()) {
                    throw ProduceBody.invalid("\"delete\" must hold config names (strings), got " + ProduceBody.kind(key));
                }
                request.addDelete(key.textValue());
            }
        }
        if (request.getSetCount() == 0 && request.getDeleteCount() == 0) {
            throw ProduceBody.invalid("nothing to change: give \"configs\" to set (null to remove) or \"delete\"");
        }
        return request.build();
    }

    /**
     * The cluster-wide defaults of topic configs to change, in the body a topic's configs take
     * ({@link #alterConfigs}): {@code {"configs": {"retention.ms": "86400000", "segment.ms": null},
     * "delete": ["flush.ms"]}}; a null value, or a key in {@code delete}, removes the default.
     */
    public static AlterClusterConfigsRequest alterClusterConfigs(byte[] body) {
        AlterConfigsRequest parsed = alterConfigs("", body);
        return AlterClusterConfigsRequest.newBuilder().putAllSet(parsed.getSetMap()).addAllDelete(parsed.getDeleteList()).build();
    }

    /**
     * {@code {"partitions_count": 6}}: the topic's new total partition count (as Kafka's
     * CreatePartitions and the REST Proxy v3's {@code partitions_count}); the metadata service
     * refuses a count that is not more than the current one.
     */
    public static CreatePartitionsRequest createPartitions(String topic, byte[] body) {
        JsonNode count = object(body, PARTITIONS_FIELDS).get("partitions_count");
        if (count == null || count.isNull()) {
            throw ProduceBody.invalid("\"partitions_count\" (the new total number of partitions) is required");
        }
        return CreatePartitionsRequest.newBuilder().setTopic(topic).setTotalCount(optionalInt(count, "partitions_count")).build();
    }

    static JsonNode object(byte[] body, Set<String> fields) {
        return object(body, new BodyFields(fields, Set.of()), new java.util.ArrayList<>());
    }

    /** The body as a JSON object whose fields {@code fields} knows; ignored ones are added to {@code ignored}. */
    static JsonNode object(byte[] body, BodyFields fields, List<String> ignored) {
        JsonNode root = ProduceBody.readTree(body);
        if (!root.isObject()) {
            throw ProduceBody.invalid("the body must be a JSON object, got " + ProduceBody.kind(root));
        }
        ignored.addAll(fields.check(root, ""));
        return root;
    }

    private static int optionalInt(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ProduceBody.invalid("\"" + field + "\" must be an integer, got " + ProduceBody.kind(node));
        }
        return node.intValue();
    }

    /** Config values may be strings, numbers or booleans (sent on as text); nulls are skipped (the caller deletes them). */
    private static Map<String, String> configs(JsonNode configs, boolean nullsAllowed) {
        Map<String, String> values = new TreeMap<>();
        if (configs == null || configs.isNull()) {
            return values;
        }
        if (!configs.isObject()) {
            throw ProduceBody.invalid("\"configs\" must be an object of name → value, got " + ProduceBody.kind(configs));
        }
        configs.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull() && nullsAllowed) {
                return;
            }
            if (!value.isValueNode() || value.isNull()) {
                throw new StrataException(ErrorCode.INVALID_CONFIG, "configs." + entry.getKey()
                        + " must be a string, number or boolean, got " + ProduceBody.kind(value));
            }
            values.put(entry.getKey(), value.asText());
        });
        return values;
    }

    /** A topic as REST shows it; offsets null where the leader was not asked or did not answer. */
    @RegisterForReflection
    public record TopicView(String name, String topicId, int replicationFactor, Map<String, String> configs,
                            List<PartitionView> partitions) {
    }

    /** One partition as REST shows it. */
    @RegisterForReflection
    public record PartitionView(int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr,
                                Long logStartOffset, Long highWatermark) {
    }

    public static TopicView topic(TopicDescription topic, Map<Integer, PartitionOffsets> offsets) {
        List<PartitionView> partitions = topic.getPartitionsList().stream().map(p -> partition(p, offsets.get(p.getPartition()))).toList();
        return new TopicView(topic.getName(), topic.getTopicId(), topic.getReplicationFactor(),
                new TreeMap<>(topic.getConfigsMap()), partitions);
    }

    private static PartitionView partition(PartitionDescription p, PartitionOffsets offsets) {
        return new PartitionView(p.getPartition(), p.getLeader(), p.getLeaderEpoch(), p.getReplicasList(), p.getIsrList(),
                offsets == null ? null : offsets.logStartOffset(), offsets == null ? null : offsets.highWatermark());
    }

    /** The cluster as REST shows it. */
    @RegisterForReflection
    public record ClusterView(List<NodeView> nodes, ControllerView controller, long metadataVersion) {
    }

    /** One node. */
    @RegisterForReflection
    public record NodeView(int nodeId, String address, String rack, String state, long lastHeartbeatMs) {
    }

    /** The controller (node_id −1 before any claim). */
    @RegisterForReflection
    public record ControllerView(int nodeId, long controllerEpoch) {
    }

    public static ClusterView cluster(DescribeClusterResponse cluster) {
        List<NodeView> nodes = cluster.getNodesList().stream().map(AdminJson::node).toList();
        return new ClusterView(nodes, new ControllerView(cluster.getController().getNodeId(),
                cluster.getController().getControllerEpoch()), cluster.getMetadataVersion());
    }

    private static NodeView node(NodeDescription node) {
        return new NodeView(node.getNodeId(), node.getAddress(), node.getRack().isEmpty() ? null : node.getRack(),
                node.getState().name().replace("NODE_STATE_", ""), node.getLastHeartbeatMs());
    }

    /** One config entry of a topic's effective configs. */
    @RegisterForReflection
    public record ConfigView(String name, String value, String source, String type, String documentation) {
    }

    public static ConfigView config(ConfigEntry entry) {
        return new ConfigView(entry.getName(), entry.getValue(), entry.getSource().name().replace("CONFIG_SOURCE_", ""),
                entry.getType(), entry.getDocumentation());
    }
}
