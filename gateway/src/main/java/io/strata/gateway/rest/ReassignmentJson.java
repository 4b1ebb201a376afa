package io.strata.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListPartitionReassignmentsResponse;
import io.strata.api.v1.OngoingReassignment;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.ReassignmentResult;
import io.strata.gateway.reassign.ReassignmentForwarder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code /admin/reassignments} and {@code /admin/nodes/{id}/drain}. The request body is
 * the file {@code kafka-reassign-partitions.sh --execute} reads:
 * <pre>{"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[2,3,4]}]}</pre>
 * where {@code "replicas": null} cancels that partition's move ({@code log_dirs} is accepted and
 * ignored: a node has one data directory). Stateless.
 */
final class ReassignmentJson {

    private static final BodyFields BODY = BodyFields.of("partitions").ignoring("version");
    private static final BodyFields PARTITION = BodyFields.of("topic", "partition", "replicas").ignoring("log_dirs");

    private ReassignmentJson() {
    }

    static AlterPartitionReassignmentsRequest request(byte[] body) {
        JsonNode partitions = AdminJson.object(body, BODY, new ArrayList<>()).get("partitions");
        if (partitions == null || !partitions.isArray() || partitions.isEmpty()) {
            throw ProduceBody.invalid("\"partitions\" must be a non-empty array of {\"topic\", \"partition\", \"replicas\"}");
        }
        AlterPartitionReassignmentsRequest.Builder request = AlterPartitionReassignmentsRequest.newBuilder();
        for (int i = 0; i < partitions.size(); i++) {
            request.addReassignments(partition(partitions.get(i), "partitions[" + i + "]"));
        }
        return request.build();
    }

    private static PartitionReassignment partition(JsonNode node, String where) {
        if (!node.isObject()) {
            throw ProduceBody.invalid(where + " must be an object");
        }
        PARTITION.check(node, where);
        JsonNode topic = node.get("topic");
        JsonNode partition = node.get("partition");
        if (topic == null || !topic.isTextual() || partition == null || !partition.canConvertToInt()) {
            throw ProduceBody.invalid(where + " needs \"topic\" (a string) and \"partition\" (an integer)");
        }
        PartitionReassignment.Builder one = PartitionReassignment.newBuilder().setTopic(topic.asText())
                .setPartition(partition.asInt());
        JsonNode replicas = node.get("replicas");
        if (replicas == null || replicas.isNull()) {
            return one.setCancel(true).build();
        }
        if (!replicas.isArray()) {
            throw ProduceBody.invalid(where + ".replicas must be an array of node ids, or null to cancel");
        }
        for (JsonNode id : replicas) {
            if (!id.canConvertToInt()) {
                throw ProduceBody.invalid(where + ".replicas: " + id + " is not a node id");
            }
            one.addTargetReplicas(id.asInt());
        }
        return one.build();
    }

    static Map<String, Object> results(AlterPartitionReassignmentsResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", response.getResultsList().stream().map(ReassignmentJson::result).toList());
        body.put("metadata_version", response.getMetadataVersion());
        return body;
    }

    private static Map<String, Object> result(ReassignmentResult result) {
        return result(result.getTopic(), result.getPartition(), result.getErrorCode(), result.getErrorMessage());
    }

    /** One partition's answer: {@code error_code} and {@code message} null when it was accepted. */
    static Map<String, Object> result(String topic, int partition, ErrorCode code, String message) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("topic", topic);
        one.put("partition", partition);
        boolean ok = code == ErrorCode.ERROR_CODE_UNSPECIFIED;
        one.put("error_code", ok ? null : code.name());
        one.put("message", ok ? null : message);
        return one;
    }

    static Map<String, Object> ongoing(ListPartitionReassignmentsResponse response) {
        List<Map<String, Object>> moving = new ArrayList<>();
        for (OngoingReassignment one : response.getReassignmentsList()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("topic", one.getTopic());
            entry.put("partition", one.getPartition());
            entry.put("replicas", one.getReplicasList());
            entry.put("adding_replicas", one.getAddingReplicasList());
            entry.put("removing_replicas", one.getRemovingReplicasList());
            entry.put("isr", one.getIsrList());
            moving.add(entry);
        }
        return Map.of("reassignments", moving, "metadata_version", response.getMetadataVersion());
    }

    static Map<String, Object> drain(ReassignmentForwarder.Drain drain) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", drain.node());
        body.put("moves", drain.moves().stream().map(move -> Map.of("topic", move.topic(), "partition", move.partition(),
                "replicas", move.replicas())).toList());
        body.putAll(results(drain.submitted()));
        return body;
    }
}
