package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.produce.OutgoingRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProduceBodyTest {

    private static List<OutgoingRecord> parse(String body, EmbeddedFormat format) {
        return ProduceBody.parse(body.getBytes(StandardCharsets.UTF_8), format, 100);
    }

    private static void refused(String body, EmbeddedFormat format, ErrorCode code, String message) {
        assertThatThrownBy(() -> parse(body, format)).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void jsonValuesAreStoredAsTheirJsonText() {
        List<OutgoingRecord> records = parse("{\"records\":[{\"key\":\"k\",\"value\":{\"a\": [1, 2]},\"partition\":3,"
                + "\"headers\":[{\"key\":\"h\",\"value\":\"aGk=\"}]},{\"value\":null}]}", EmbeddedFormat.JSON);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("\"k\"");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
        assertThat(records.get(0).partition()).isEqualTo(3);
        assertThat(records.get(0).headers().get(0).value()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(records.get(1).value()).isNull();
        assertThat(records.get(1).key()).isNull();
    }

    @Test
    void binaryValuesAreBase64() {
        List<OutgoingRecord> records = parse("{\"records\":[{\"key\":\"aGk=\",\"value\":\"AAEC\"}]}", EmbeddedFormat.BINARY);
        assertThat(records.get(0).key()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(records.get(0).value()).containsExactly(0, 1, 2);
    }

    @Test
    void everyMistakeIsNamed() {
        refused("{\"records\":[", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "malformed JSON");
        refused("{\"records\":[]} x", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "malformed JSON");
        refused("", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "empty");
        refused("[1]", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "JSON object");
        refused("{\"records\":[]}", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "empty");
        refused("{\"records\":[{\"value\":1,\"partition\":\"0\"}]}", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST,
                "records[0].partition must be an integer, got a string");
        refused("{\"records\":[{\"value\":1,\"partition\":1.5}]}", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "partition");
        refused("{\"records\":[{\"valeu\":1}]}", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "unknown field \"valeu\"");
        refused("{\"records\":[{\"value\":5}]}", EmbeddedFormat.BINARY, ErrorCode.INVALID_REQUEST, "base64 string");
        refused("{\"records\":[{\"value\":\"%%%\"}]}", EmbeddedFormat.BINARY, ErrorCode.INVALID_RECORD, "not valid base64");
        refused("{\"records\":[{\"value\":1,\"headers\":[{\"value\":\"AA==\"}]}]}", EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST,
                "headers[0]");
        String many = "{\"records\":[" + "{\"value\":1},".repeat(100) + "{\"value\":1}]}";
        refused(many, EmbeddedFormat.JSON, ErrorCode.INVALID_REQUEST, "more than the limit of 100");
    }

    @Test
    void contentTypesAndAcceptHeaders() {
        assertThat(EmbeddedFormat.ofContentType("application/json; charset=utf-8")).isEqualTo(EmbeddedFormat.JSON);
        assertThat(EmbeddedFormat.ofContentType("application/vnd.kafka.binary.v2+json")).isEqualTo(EmbeddedFormat.BINARY);
        assertThatThrownBy(() -> EmbeddedFormat.ofContentType("text/plain")).hasMessageContaining("'text/plain'");
        assertThatThrownBy(() -> EmbeddedFormat.ofContentType(null)).hasMessageContaining("no Content-Type");
        assertThat(EmbeddedFormat.ofAccept(null)).isEqualTo(EmbeddedFormat.JSON);
        assertThat(EmbeddedFormat.ofAccept("application/vnd.kafka.binary.v2+json, */*")).isEqualTo(EmbeddedFormat.BINARY);
        assertThatThrownBy(() -> EmbeddedFormat.ofAccept("text/html")).isInstanceOf(StrataException.class);
    }

    @Test
    void queryParametersAreChecked() {
        assertThat(QueryParams.number("offset", null, 0, 10, 7)).isEqualTo(7);
        assertThatThrownBy(() -> QueryParams.number("offset", "x", 0, 10, 0)).hasMessageContaining("offset must be an integer");
        assertThatThrownBy(() -> QueryParams.number("offset", "-1", 0, 10, 0)).hasMessageContaining("between 0 and 10");
        assertThatThrownBy(() -> QueryParams.acks("2")).hasMessageContaining("acks");
    }
}
