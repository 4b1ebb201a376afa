package io.strata.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.fetch.FetchedRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes records read back as REST JSON:
 * {@code {"topic","partition","offset","timestamp","key","value","headers":[{"key","value"}]}}.
 * In the JSON format key and value are the stored JSON text parsed back; a stored value that is not
 * JSON (written in the binary format) is refused with INVALID_RECORD naming its offset, so a reader
 * never gets a silently altered value. In the binary format they are base64; in the text format
 * (Strimzi Bridge) strings, and a stored key or value that is not UTF-8 is refused the same way.
 * Header values are base64 in all three. Pure; thread-safe.
 */
public final class RecordJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    public static ArrayNode toJson(String topic, int partition, List<FetchedRecord> records, EmbeddedFormat format) {
        ArrayNode array = NODES.arrayNode(records.size());
        for (FetchedRecord record : records) {
            ObjectNode json = array.addObject();
            json.put("topic", topic);
            json.put("partition", partition);
            json.put("offset", record.offset());
            json.put("timestamp", record.timestamp());
            json.set("key", payload(record.key(), record.offset(), "key", format));
            json.set("value", payload(record.value(), record.offset(), "value", format));
            ArrayNode headers = json.putArray("headers");
            for (Header header : record.headers()) {
                ObjectNode h = headers.addObject();
                h.put("key", header.key());
                h.put("value", header.value() == null ? null : Base64.getEncoder().encodeToString(header.value()));
            }
        }
        return array;
    }

    private static JsonNode payload(byte[] bytes, long offset, String what, EmbeddedFormat format) {
        if (bytes == null) {
            return NODES.nullNode();
        }
        if (format == EmbeddedFormat.BINARY) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (format == EmbeddedFormat.TEXT) {
            try {
                return NODES.textNode(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new StrataException(ErrorCode.INVALID_RECORD, "the " + what + " of the record at offset " + offset
                        + " is not UTF-8 text; read it with Accept: " + EmbeddedFormat.BINARY.mediaType());
            }
        }
        try {
            return ProduceBody.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new StrataException(ErrorCode.INVALID_RECORD, "the " + what + " of the record at offset " + offset
                    + " is not JSON; read it with Accept: " + EmbeddedFormat.BINARY.mediaType());
        }
    }
}
