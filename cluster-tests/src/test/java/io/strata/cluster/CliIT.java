package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every gateway verb of {@code ./strata} (topic, produce, consume, group, cluster), run as the real
 * script in child processes against one real cluster (PostgreSQL, metadata service, three partition
 * nodes, group coordinator, gateway). Effects are checked through the gateway's REST API directly,
 * not through the verb that made them; {@code --json} outputs must parse; exit codes are those
 * {@code io.strata.deploy.cli.ExitCode} documents. Needs {@code ./mvnw package} first (the script
 * runs {@code deploy/target/strata-deploy.jar}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VERB_TIMEOUT = Duration.ofSeconds(90);

    private TestCluster cluster;
    private String gateway;
    private Path workDir;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startCluster(@TempDir Path dataDir) throws IOException {
        cluster = new TestCluster(dataDir).startCore().start("group-coordinator", "gateway");
        gateway = cluster.httpUrl("gateway");
        workDir = java.nio.file.Files.createDirectories(dataDir.resolve("cli"));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theReadmeVerbsWorkAsWritten() throws Exception {
        List<String> outputs = ReadmeCommands.after("The same, and more, with `./strata`")
                .runInRoot(Map.of("STRATA_GATEWAY", gateway));

        assertThat(outputs).hasSize(8);
        assertThat(outputs.get(0)).contains("created topic clicks");
        assertThat(outputs.get(1)).contains("produced 10000 records to clicks");
        assertThat(lastLine(outputs.get(2))).matches("[0-2] \\d+ \\d+");
        assertThat(lastLine(outputs.get(3))).isEqualTo("10000");
        assertThat(outputs.get(4)).contains("group readers").contains("clicks");
        assertThat(outputs.get(5)).contains("dry run: nothing changed");
        assertThat(outputs.get(6)).contains("reset applied to group readers");
        assertThat(JSON.readTree(outputs.get(7)).get("nodes")).hasSize(3);
        JsonNode offsets = rest("/admin/groups/readers").get("offsets");
        assertThat(offsets).hasSize(3).allSatisfy(o -> assertThat(o.get("committed_offset").asLong()).isZero());
    }

    @Test
    void tenThousandLinesRoundTripThroughProduceAndConsume() throws Exception {
        assertOk(strata(null, "topic", "create", "lines", "--partitions", "4", "--replication-factor", "2"));
        List<String> lines = IntStream.range(0, 10_000).mapToObj(i -> "key-" + (i % 97) + "\t{\"n\":" + i + "}").toList();
        ChildProcess.Result produced = strata(String.join("\n", lines) + "\n", "produce", "lines", "-K", "\t",
                "--format", "json", "-H", "source=cli", "--json");
        assertOk(produced);
        JsonNode summary = JSON.readTree(produced.stdout());
        assertThat(summary.get("records").asLong()).isEqualTo(10_000);
        assertThat(summary.get("partitions")).hasSize(4);
        long stored = 0;
        for (JsonNode p : rest("/admin/topics/lines").get("partitions")) {
            stored += p.get("high_watermark").asLong();
        }
        assertThat(stored).as("records stored, by the gateway's high watermarks").isEqualTo(10_000);

        ChildProcess.Result consumed = strata(null, "consume", "lines", "-e", "-f", "%k\\t%s|%h|%p\\n");
        assertOk(consumed);
        assertThat(consumed.stdoutLines()).hasSize(10_000);
        Set<String> read = new HashSet<>();
        for (String line : consumed.stdoutLines()) {
            String[] parts = line.split("\\|");
            assertThat(parts[1]).isEqualTo("source=cli");
            read.add(parts[0]);
        }
        assertThat(read).isEqualTo(new HashSet<>(lines));
        assertThat(consumed.stderr()).contains("consumed 10000 records from lines");

        long partition0 = rest("/admin/topics/lines").get("partitions").get(0).get("high_watermark").asLong();
        ChildProcess.Result sinceEpoch = strata(null, "consume", "lines", "-p", "0", "--from-time", "1970-01-01T00:00:00Z", "-e");
        assertOk(sinceEpoch);
        assertThat(sinceEpoch.stdoutLines()).hasSize((int) partition0);
        ChildProcess.Result future = strata(null, "consume", "lines", "-p", "0", "--from-time",
                Long.toString(System.currentTimeMillis() + 3_600_000), "-e");
        assertOk(future);
        assertThat(future.stdout()).as("no record is that late").isEmpty();

        ChildProcess.Result asJson = strata(null, "consume", "lines", "-p", "1", "-o", "end", "-e", "--json");
        assertOk(asJson);
        assertThat(asJson.stdout()).isEmpty();
        ChildProcess.Result two = strata(null, "consume", "lines", "-p", "0", "-o", "1", "-c", "2", "--json");
        assertOk(two);
        assertThat(two.stdoutLines()).hasSize(2);
        JsonNode first = JSON.readTree(two.stdoutLines().get(0));
        assertThat(first.get("offset").asLong()).isEqualTo(1);
        assertThat(first.get("headers").get("source").asText()).isEqualTo("cli");
        assertThat(JSON.readTree(first.get("value").asText()).has("n")).isTrue();
    }

    @Test
    void topicVerbsCreateDescribeAlterListAndDelete() throws Exception {
        ChildProcess.Result created = strata(null, "topic", "create", "orders", "-p", "3", "-r", "3",
                "--config", "retention.ms=86400000", "--json");
        assertOk(created);
        assertThat(JSON.readTree(created.stdout()).get("partitions")).hasSize(3);
        JsonNode topic = rest("/admin/topics/orders");
        assertThat(topic.get("partitions")).hasSize(3)
                .allSatisfy(p -> assertThat(p.get("replicas")).hasSize(3));
        assertThat(topic.get("configs").get("retention.ms").asText()).isEqualTo("86400000");

        ChildProcess.Result described = strata(null, "topic", "describe", "orders");
        assertOk(described);
        assertThat(described.stdoutLines().get(1)).startsWith("PARTITION").contains("HIGH WATERMARK");
        assertThat(described.stdoutLines()).hasSize(5);

        assertOk(strata(null, "topic", "alter", "orders", "--config", "segment.ms=600000", "--delete-config", "retention.ms"));
        JsonNode altered = rest("/admin/topics/orders").get("configs");
        assertThat(altered.get("segment.ms").asText()).isEqualTo("600000");
        assertThat(altered.has("retention.ms")).isFalse();
        assertOk(strata(null, "topic", "alter", "orders", "--partitions", "4"));
        assertThat(rest("/admin/topics/orders").get("partitions")).hasSize(4);
        assertThat(strata(null, "topic", "alter", "orders", "--partitions", "2").exitCode())
                .as("shrinking is refused by the gateway").isEqualTo(6);

        ChildProcess.Result listed = strata(null, "topic", "list", "--json");
        assertOk(listed);
        List<String> names = new ArrayList<>();
        JSON.readTree(listed.stdout()).forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).contains("orders");
        assertThat(strata(null, "topic", "list").stdout()).contains("orders");

        assertThat(strata(null, "topic", "create", "orders").exitCode()).as("exists: conflict").isEqualTo(5);
        assertOk(strata(null, "topic", "delete", "orders"));
        assertThat(status("/admin/topics/orders")).isEqualTo(404);
    }

    @Test
    void groupVerbsListDescribeAndResetWithADryRunFirst() throws Exception {
        assertOk(strata(null, "topic", "create", "payments", "-p", "2", "-r", "1"));
        String input = IntStream.range(0, 100).mapToObj(i -> "k" + i + ":p" + i).collect(Collectors.joining("\n", "", "\n"));
        Path file = java.nio.file.Files.writeString(workDir.resolve("payments.txt"), input);
        assertOk(strata(null, "produce", "payments", "-K", ":", "--file", file.toString()));
        assertThat(rest("/admin/topics/payments").get("partitions"))
                .as("keys spread the records over both partitions, at least 10 each")
                .allSatisfy(p -> assertThat(p.get("high_watermark").asLong()).isGreaterThanOrEqualTo(10));
        ChildProcess.Result consumed = strata(null, "consume", "payments", "-G", "billing", "-e");
        assertOk(consumed);
        assertThat(consumed.stdoutLines()).hasSize(100);
        assertThat(committed("billing")).isEqualTo(100);

        ChildProcess.Result listed = strata(null, "group", "list", "--json");
        assertOk(listed);
        assertThat(listed.stdout()).contains("\"group_id\":\"billing\"");
        assertThat(JSON.readTree(listed.stdout()).isArray()).isTrue();
        ChildProcess.Result described = strata(null, "group", "describe", "billing");
        assertOk(described);
        assertThat(described.stdout()).contains("group billing").contains("LAG");
        assertThat(JSON.readTree(strata(null, "group", "describe", "billing", "--json").stdout())
                .get("offsets")).hasSize(2);

        ChildProcess.Result dryRun = strata(null, "group", "reset", "billing", "--topic", "payments", "--to", "earliest");
        assertOk(dryRun);
        assertThat(dryRun.stdout()).contains("CURRENT").contains("dry run: nothing changed");
        assertThat(committed("billing")).as("a dry run changes nothing").isEqualTo(100);

        ChildProcess.Result applied = strata(null, "group", "reset", "billing", "--topic", "payments:0,1",
                "--to", "offset:10", "--execute", "--json");
        assertOk(applied);
        assertThat(JSON.readTree(applied.stdout()).get("executed").asBoolean()).isTrue();
        assertThat(committed("billing")).as("two partitions at offset 10").isEqualTo(20);
        ChildProcess.Result rest = strata(null, "consume", "payments", "-G", "billing", "-e", "-q");
        assertOk(rest);
        assertThat(rest.stdoutLines()).as("records after the reset offsets").hasSize(80);
    }

    @Test
    void clusterInfoShowsTheNodesAndTheController() throws Exception {
        ChildProcess.Result info = strata(null, "cluster", "info");
        assertOk(info);
        assertThat(info.stdout()).contains("controller node").contains("NODE");
        ChildProcess.Result json = strata(null, "cluster", "info", "--json");
        assertOk(json);
        JsonNode cluster = JSON.readTree(json.stdout());
        assertThat(cluster.get("nodes")).hasSize(3);
        assertThat(cluster.get("gateway").asText()).isEqualTo(gateway + "/");
    }

    @Test
    void exitCodesSayWhatFailed() {
        ChildProcess.Result missing = strata(null, "topic", "describe", "no-such-topic");
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(4);
        assertThat(missing.stderr()).contains("no-such-topic");
        assertThat(strata(null, "consume", "no-such-topic", "-e").exitCode()).isEqualTo(4);
        assertThat(strata(null, "group", "describe", "no-such-group").exitCode()).isEqualTo(4);

        ChildProcess.Result usage = strata(null, "topic", "create", "x", "--partitons", "3");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("unknown option '--partitons'");
        assertThat(strata(null, "topic", "create", "bad/name").exitCode()).as("refused by the gateway").isEqualTo(6);

        String nowhere = "http://127.0.0.1:" + FreePorts.next();
        ChildProcess.Result unreachable = ChildProcess.run(workDir, "strata-unreachable",
                List.of("bash", script(), "cluster", "info", "--gateway", nowhere), null, VERB_TIMEOUT);
        assertThat(unreachable.exitCode()).as(unreachable.describe()).isEqualTo(3);
        assertThat(unreachable.stderr()).contains("no gateway answers at " + nowhere);
    }

    private ChildProcess.Result strata(String stdin, String... words) {
        List<String> command = new ArrayList<>(List.of("bash", script()));
        command.addAll(List.of(words));
        command.addAll(List.of("--gateway", gateway));
        return ChildProcess.run(workDir, "strata-" + words[0], command, stdin, VERB_TIMEOUT);
    }

    /** The last line of a README command's output (stderr, where progress goes, comes first in it). */
    private static String lastLine(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1).strip();
    }

    private static String script() {
        return StrataBuild.root().resolve("strata").toString();
    }

    private static void assertOk(ChildProcess.Result result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    private long committed(String group) throws Exception {
        long sum = 0;
        for (JsonNode o : rest("/admin/groups/" + group).get("offsets")) {
            sum += o.get("committed_offset").asLong();
        }
        return sum;
    }

    private JsonNode rest(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
