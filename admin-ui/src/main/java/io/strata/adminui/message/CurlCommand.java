package io.strata.adminui.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * "Copy as curl": a shell command that produces a record again, to the same partition with the
 * same key, value and headers, through the gateway's REST produce API
 * ({@code POST /topics/{t}} in the binary format, so every byte survives: key, value and header
 * values base64, {@code "partition"} set). Each argument is single-quoted for a POSIX shell
 * ({@code '} written as {@code '\''}), so nothing in a topic name or a value can break out. The
 * timestamp is not carried: the gateway stamps the new record. Pure; thread-safe.
 */
public final class CurlCommand {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private CurlCommand() {
    }

    /** The command for {@code record}, against the gateway at {@code gateway} (its REST base URL). */
    public static String of(RecordReport record, URI gateway) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode one = body.putArray("records").addObject();
        if (record.key() != null) {
            one.put("key", record.key());
        }
        one.put("value", record.value());
        one.put("partition", record.partition());
        var headers = one.putArray("headers");
        if (record.headers() != null) {
            for (HeaderReport header : record.headers()) {
                headers.addObject().put("key", header.key()).put("value", header.value());
            }
        }
        String base = gateway.toString().replaceAll("/+$", "");
        String url = base + "/topics/" + URLEncoder.encode(record.topic(), StandardCharsets.UTF_8).replace("+", "%20");
        try {
            return "curl -sS -X POST " + quote(url) + " -H " + quote("Content-Type: application/vnd.kafka.binary.v2+json")
                    + " --data-binary " + quote(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a produce request as JSON", e);
        }
    }

    /** One argument for a POSIX shell: in single quotes, each {@code '} closed, escaped and reopened. */
    static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
