package io.strata.adminui.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageJsonTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonIsEmbeddedTextIsAStringBytesAreBase64AndEachSaysItsKind() throws Exception {
        String binary = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0, 1});
        RecordReport record = new RecordReport("t", 2, 41, 1764928800000L, b64("alice"), b64("{\"n\": [1, 2]}"),
                List.of(new HeaderReport("trace", b64("abc"))));
        JsonNode line = new ObjectMapper().readTree(MessageJson.line(record));

        assertThat(MessageJson.line(record)).doesNotContain("\n");
        assertThat(line.path("topic").asText()).isEqualTo("t");
        assertThat(line.path("partition").asInt()).isEqualTo(2);
        assertThat(line.path("offset").asLong()).isEqualTo(41);
        assertThat(line.path("timestamp_iso").asText()).isEqualTo("2025-12-05T10:00:00Z");
        assertThat(line.path("key").asText()).isEqualTo("alice");
        assertThat(line.path("key_kind").asText()).isEqualTo("text");
        assertThat(line.path("value").path("n").get(1).asInt()).isEqualTo(2);
        assertThat(line.path("value_kind").asText()).isEqualTo("json");
        assertThat(line.path("headers").get(0).path("value").asText()).isEqualTo("abc");

        JsonNode bytes = new ObjectMapper().readTree(MessageJson.line(new RecordReport("t", 0, 0, 0, null, binary, null)));
        assertThat(bytes.path("key").isNull()).isTrue();
        assertThat(bytes.path("key_kind").asText()).isEqualTo("null");
        assertThat(bytes.path("value").asText()).isEqualTo(binary);
        assertThat(bytes.path("value_kind").asText()).isEqualTo("base64");
    }
}
