package io.strata.deploy.cli.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.format.RecordFormat;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where consumed records go: decoded from the gateway's binary embedded format, counted against
 * {@code --count}, and printed with the format string or as one JSON object per line
 * ({@code --json}: key, value and header values as UTF-8 text). Confined to the consuming thread.
 */
final class RecordSink {

    private final PrintStream out;
    private final RecordFormat format;
    private final boolean json;
    private final long limit;
    private long count;

    /** {@code limit} ≤ 0: no limit. */
    RecordSink(PrintStream out, RecordFormat format, boolean json, long limit) {
        this.out = out;
        this.format = format;
        this.json = json;
        this.limit = limit;
    }

    /** Decodes one record of a binary-format answer. */
    static ConsumedRecord decode(JsonNode record) {
        List<ConsumedRecord.Header> headers = new ArrayList<>();
        for (JsonNode header : record.path("headers")) {
            headers.add(new ConsumedRecord.Header(header.path("key").asText(), bytes(header.get("value"))));
        }
        return new ConsumedRecord(record.path("topic").asText(), record.path("partition").asInt(),
                record.path("offset").asLong(), record.path("timestamp").asLong(), bytes(record.get("key")),
                bytes(record.get("value")), headers);
    }

    private static byte[] bytes(JsonNode base64) {
        return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
    }

    /** Prints the record unless the limit is reached; returns whether it was printed. */
    boolean accept(ConsumedRecord record) {
        if (full()) {
            return false;
        }
        count++;
        if (json) {
            out.println(toJson(record));
        } else {
            out.print(format.apply(record));
        }
        return true;
    }

    private static ObjectNode toJson(ConsumedRecord record) {
        ObjectNode node = GatewayClient.mapper().createObjectNode().put("topic", record.topic())
                .put("partition", record.partition()).put("offset", record.offset()).put("timestamp", record.timestamp())
                .put("key", record.key() == null ? null : RecordFormat.text(record.key()))
                .put("value", record.value() == null ? null : RecordFormat.text(record.value()));
        ObjectNode headers = node.putObject("headers");
        record.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null : RecordFormat.text(h.value())));
        return node;
    }

    /** Whether {@code --count} records have been printed. */
    boolean full() {
        return limit > 0 && count >= limit;
    }

    long count() {
        return count;
    }

    void flush() {
        out.flush();
    }
}
