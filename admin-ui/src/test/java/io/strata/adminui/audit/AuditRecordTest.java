package io.strata.adminui.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditRecordTest {

    private static final Instant AT = Instant.parse("2026-12-06T01:02:03.456Z");

    @Test
    void aRecordIsOneJsonObjectWithWhoWhenWhatOnWhatAndTheOutcome() throws Exception {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("partitions", "3");
        AuditRecord ok = AuditRecord.ok(AT, "alice", "10.0.0.7", AuditAction.TOPIC_CREATE, "orders", details);
        JsonNode json = new ObjectMapper().readTree(ok.toJson());
        assertThat(json.toString()).isEqualTo("{\"time\":\"2026-12-06T01:02:03.456Z\",\"user\":\"alice\",\"client\":\"10.0.0.7\","
                + "\"action\":\"topic.create\",\"target\":\"orders\",\"details\":{\"partitions\":\"3\"},\"outcome\":\"ok\"}");
        assertThat(AuditRecord.fromJson(ok.toJson())).isEqualTo(ok);

        AuditRecord failed = ok.failed("TOPIC_ALREADY_EXISTS", "topic 'orders' already exists");
        JsonNode failedJson = new ObjectMapper().readTree(failed.toJson());
        assertThat(failedJson.path("outcome").asText()).isEqualTo("error");
        assertThat(failedJson.path("error_code").asText()).isEqualTo("TOPIC_ALREADY_EXISTS");
        assertThat(failedJson.path("error").asText()).isEqualTo("topic 'orders' already exists");
        assertThat(AuditRecord.fromJson(failed.toJson())).isEqualTo(failed);
    }

    @Test
    void aSignInHasNoTargetAndNeverAPassword() throws Exception {
        AuditRecord login = AuditRecord.ok(AT, "bob", "127.0.0.1", AuditAction.LOGIN, null, Map.of()).withDetail("role", "viewer");
        assertThat(login.toJson()).contains("\"action\":\"login\"").contains("\"target\":null").contains("\"role\":\"viewer\"");
        assertThat(AuditRecord.fromJson(login.toJson())).isEqualTo(login);
    }

    @Test
    void whatIsNotAnAuditRecordIsRefusedWithTheReason() {
        assertThatThrownBy(() -> AuditRecord.fromJson("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> AuditRecord.fromJson("{\"action\":\"nope\"}")).hasMessage("unknown action 'nope'");
    }

    @Test
    void everyActionHasItsOwnName() {
        assertThat(AuditAction.byId("group.offsets.reset")).contains(AuditAction.OFFSETS_RESET);
        assertThat(java.util.Arrays.stream(AuditAction.values()).map(AuditAction::id).distinct().count())
                .isEqualTo(AuditAction.values().length);
    }
}
