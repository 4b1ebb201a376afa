package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminJsonTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createTopicBody() {
        CreateTopicRequest request = AdminJson.createTopic(bytes(
                "{\"name\":\"t\",\"partitions\":6,\"replication_factor\":3,\"configs\":{\"retention.ms\":60000,\"cleanup.policy\":\"compact\"}}"));
        assertThat(request.getName()).isEqualTo("t");
        assertThat(request.getPartitions()).isEqualTo(6);
        assertThat(request.getReplicationFactor()).isEqualTo(3);
        assertThat(request.getConfigsMap()).containsEntry("retention.ms", "60000").containsEntry("cleanup.policy", "compact");
        assertThatThrownBy(() -> AdminJson.createTopic(bytes("{\"name\":1}"))).hasMessageContaining("\"name\" must be a string");
        assertThatThrownBy(() -> AdminJson.createTopic(bytes("{\"name\":\"t\",\"partitons\":1}"))).hasMessageContaining("partitons");
    }

    @Test
    void clusterConfigsTakeTheBodyOfATopicsConfigs() {
        io.strata.api.v1.AlterClusterConfigsRequest request = AdminJson.alterClusterConfigs(
                bytes("{\"configs\":{\"retention.ms\":\"86400000\",\"segment.ms\":null},\"delete\":[\"flush.ms\"]}"));
        assertThat(request.getSetMap()).containsExactly(java.util.Map.entry("retention.ms", "86400000"));
        assertThat(request.getDeleteList()).containsExactlyInAnyOrder("segment.ms", "flush.ms");
        assertThatThrownBy(() -> AdminJson.alterClusterConfigs(bytes("{}"))).hasMessageContaining("nothing to change");
    }

    @Test
    void alterConfigsSetsAndDeletes() {
        AlterConfigsRequest request = AdminJson.alterConfigs("t", bytes("{\"configs\":{\"retention.ms\":\"1000\",\"segment.ms\":null},\"delete\":[\"flush.ms\"]}"));
        assertThat(request.getSetMap()).containsOnlyKeys("retention.ms");
        assertThat(request.getDeleteList()).containsExactlyInAnyOrder("segment.ms", "flush.ms");
        assertThatThrownBy(() -> AdminJson.alterConfigs("t", bytes("{}"))).hasMessageContaining("nothing to change");
        assertThatThrownBy(() -> AdminJson.alterConfigs("t", bytes("{\"configs\":{\"a\":[1]}}")))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }

    @Test
    void createPartitionsBodyGivesTheNewTotal() {
        assertThat(AdminJson.createPartitions("t", bytes("{\"partitions_count\":6}")).getTotalCount()).isEqualTo(6);
        assertThat(AdminJson.createPartitions("t", bytes("{\"partitions_count\":6}")).getTopic()).isEqualTo("t");
        assertThatThrownBy(() -> AdminJson.createPartitions("t", bytes("{}"))).hasMessageContaining("\"partitions_count\"")
                .hasMessageContaining("is required");
        assertThatThrownBy(() -> AdminJson.createPartitions("t", bytes("{\"partitions_count\":\"6\"}")))
                .hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> AdminJson.createPartitions("t", bytes("{\"count\":6}"))).hasMessageContaining("count");
    }

    @Test
    void problemsTakeTheirStatusFromTheSharedTable() {
        Problem problem = Problem.of(new StrataException(ErrorCode.MESSAGE_TOO_LARGE, "batch of 5000 bytes"));
        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.errorCode()).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(problem.title()).isEqualTo("Message too large");
        assertThat(new String(JsonBodies.bytes(problem), StandardCharsets.UTF_8)).contains("\"error_code\":\"MESSAGE_TOO_LARGE\"");
        assertThat(Problem.ofHttp(405, "no").status()).isEqualTo(405);
    }
}
