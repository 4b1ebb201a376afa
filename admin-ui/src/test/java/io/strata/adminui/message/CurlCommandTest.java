package io.strata.adminui.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The curl command as a real shell splits it: a stand-in {@code curl} function prints the arguments it was given. */
class CurlCommandTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCommandsBodyParsesInAShellAndCarriesTheRecordByteForByte() throws Exception {
        String value = "{\"note\": \"it's $HOME and `date` \\\"quoted\\\"\"}";
        RecordReport record = new RecordReport("orders's topic", 3, 17, 0, b64("alice"), b64(value),
                List.of(new HeaderReport("trace", b64("a'b")), new HeaderReport("empty", null)));
        String command = CurlCommand.of(record, URI.create("http://127.0.0.1:8080/"));

        List<String> args = shellArguments(command);
        assertThat(args.subList(0, 6)).containsExactly("-sS", "-X", "POST", "http://127.0.0.1:8080/topics/orders%27s+topic".replace("+", "%20"),
                "-H", "Content-Type: application/vnd.kafka.binary.v2+json");
        assertThat(args.get(6)).isEqualTo("--data-binary");
        JsonNode one = new ObjectMapper().readTree(args.get(7)).path("records").get(0);
        assertThat(new String(Base64.getDecoder().decode(one.path("key").asText()), StandardCharsets.UTF_8)).isEqualTo("alice");
        assertThat(new String(Base64.getDecoder().decode(one.path("value").asText()), StandardCharsets.UTF_8)).isEqualTo(value);
        assertThat(one.path("partition").asInt()).isEqualTo(3);
        assertThat(one.path("headers").get(0).path("key").asText()).isEqualTo("trace");
        assertThat(new String(Base64.getDecoder().decode(one.path("headers").get(0).path("value").asText()), StandardCharsets.UTF_8)).isEqualTo("a'b");
        assertThat(one.path("headers").get(1).path("value").isNull()).isTrue();
    }

    @Test
    void aRecordWithoutKeyOrValueIsProducedWithoutKeyAndAsATombstone() throws Exception {
        RecordReport record = new RecordReport("t", 0, 0, 0, null, null, null);
        JsonNode one = new ObjectMapper().readTree(shellArguments(CurlCommand.of(record, URI.create("http://gw:8080"))).get(7))
                .path("records").get(0);
        assertThat(one.has("key")).isFalse();
        assertThat(one.path("value").isNull()).isTrue();
        assertThat(CurlCommand.quote("a'b")).isEqualTo("'a'\\''b'");
    }

    /** Runs the command in bash with {@code curl} replaced by a function that prints each argument on its own NUL-ended line. */
    private static List<String> shellArguments(String command) throws Exception {
        Path script = Files.createTempFile("curl-command", ".sh");
        try {
            Files.writeString(script, "curl() { printf '%s\\0' \"$@\"; }\n" + command + "\n");
            Process bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            byte[] out = bash.getInputStream().readAllBytes();
            assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(bash.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
            List<String> args = new ArrayList<>(List.of(new String(out, StandardCharsets.UTF_8).split("\0", -1)));
            args.remove(args.size() - 1);
            return args;
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
