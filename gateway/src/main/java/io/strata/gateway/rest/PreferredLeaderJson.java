package io.strata.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.TopicPartitionRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code POST /admin/leaders/preferred}. The request body is optional; when given it
 * is the file {@code kafka-leader-election.sh --path-to-json-file} reads:
 * <pre>{"partitions":[{"topic":"orders","partition":0}]}</pre>
 * An empty body means every partition. The answer has one result per partition (those that
 * needed nothing are left out when every partition was asked for). Stateless.
 */
final class PreferredLeaderJson {

    private static final BodyFields BODY = BodyFields.of("partitions");
    private static final BodyFields PARTITION = BodyFields.of("topic", "partition");

    private PreferredLeaderJson() {
    }

    static ElectPreferredLeadersRequest request(byte[] body) {
        ElectPreferredLeadersRequest.Builder request = ElectPreferredLeadersRequest.newBuilder();
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return request.build();
        }
        JsonNode partitions = AdminJson.object(body, BODY, new ArrayList<>()).get("partitions");
        if (partitions == null || !partitions.isArray() || partitions.isEmpty()) {
            throw ProduceBody.invalid("\"partitions\" must be a non-empty array of {\"topic\", \"partition\"}"
                    + " (send no body to elect every partition's preferred leader)");
        }
        for (int i = 0; i < partitions.size(); i++) {
            JsonNode node = partitions.get(i);
            String where = "partitions[" + i + "]";
            if (!node.isObject()) {
                throw ProduceBody.invalid(where + " must be an object");
            }
            PARTITION.check(node, where);
            JsonNode topic = node.get("topic");
            JsonNode partition = node.get("partition");
            if (topic == null || !topic.isTextual() || partition == null || !partition.canConvertToInt()) {
                throw ProduceBody.invalid(where + " needs \"topic\" (a string) and \"partition\" (an integer)");
            }
            request.addPartitions(TopicPartitionRef.newBuilder().setTopic(topic.asText()).setPartition(partition.asInt()));
        }
        return request.build();
    }

    static Map<String, Object> results(ElectPreferredLeadersResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", response.getResultsList().stream().map(r -> ReassignmentJson.result(r.getTopic(),
                r.getPartition(), r.getErrorCode(), r.getErrorMessage())).toList());
        body.put("metadata_version", response.getMetadataVersion());
        return body;
    }
}
