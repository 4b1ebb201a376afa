package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Apache Kafka's own command-line tools (Kafka 4.3.1's kafka-tools and kafka_2.13 jars, fetched by
 * {@code cluster-tests/kafka-tools/pom.xml}), each run as a child JVM exactly as
 * {@code kafka-run-class.sh} runs it, against a real Strata cluster's Kafka listeners:
 * {@code kafka-topics}, the console producer and consumer, {@code kafka-consumer-groups}
 * (describe, reset offsets), {@code kafka-configs}, {@code kafka-broker-api-versions}, and Kafka's
 * system-test clients {@code VerifiableProducer} and {@code VerifiableConsumer}. Outputs are checked
 * line by line and against what kafka-clients' Admin sees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToolsIT {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;
    private Path libDir;
    private Path workDir;
    private Path log4jConfig;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        libDir = Path.of(System.getProperty("strata.kafka.lib", "target/kafka-lib")).toAbsolutePath();
        assertThat(libDir.resolve("kafka-tools-4.3.1.jar"))
                .as("Kafka's tool jars; ./mvnw verify fetches them, or: ./mvnw -B -q -f cluster-tests/kafka-tools/pom.xml package")
                .isRegularFile();
        // Under target/, not the cluster's temporary directory: the tools' outputs stay for a post-mortem.
        workDir = Path.of("target", "kafka-tools-it", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(workDir);
        log4jConfig = workDir.resolve("tools-log4j2.properties");
        Files.writeString(log4jConfig, """
                status = error
                appender.err.type = Console
                appender.err.name = STDERR
                appender.err.target = SYSTEM_ERR
                appender.err.layout.type = PatternLayout
                appender.err.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = WARN
                rootLogger.appenderRef.err.ref = STDERR
                """);
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        cluster = new TestCluster(dataDir).startCore().start("group-coordinator");
        bootstrap = cluster.kafkaBootstrap();
        admin = KafkaTestClients.admin(bootstrap);
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The command line of {@code kafka-run-class.sh mainClass args}: Kafka's jars as the whole class path. */
    private List<String> tool(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig, "-cp", libDir + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private ChildProcess.Result run(String name, String stdin, String mainClass, String... args) {
        return ChildProcess.run(workDir, name, tool(mainClass, args), stdin, TOOL_TIMEOUT);
    }

    private ChildProcess.Result runOk(String name, String stdin, String mainClass, String... args) {
        ChildProcess.Result result = run(name, stdin, mainClass, args);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }

    private static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String GROUP_COMMAND = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final String CONFIG_COMMAND = "kafka.admin.ConfigCommand";
    private static final String API_VERSIONS_COMMAND = "org.apache.kafka.tools.BrokerApiVersionsCommand";
    private static final String VERIFIABLE_PRODUCER = "org.apache.kafka.tools.VerifiableProducer";
    private static final String VERIFIABLE_CONSUMER = "org.apache.kafka.tools.VerifiableConsumer";

    private static final Pattern DESCRIBE_TOPIC = Pattern.compile(
            "^Topic: (\\S+)\\s+TopicId: (\\S+)\\s+PartitionCount: (\\d+)\\s+ReplicationFactor: (\\d+)\\s+Configs: ?(.*)$");
    private static final Pattern DESCRIBE_PARTITION = Pattern.compile(
            "^\\s*Topic: (\\S+)\\s+Partition: (\\d+)\\s+Leader: (\\S+)\\s+Replicas: ([\\d,]+)\\s+Isr: ([\\d,]*).*$");

    // ---------------------------------------------------------------------------------------------

    @Test
    void kafkaTopicsCreatesDescribesAltersListsAndDeletes() {
        String topic = "tools-topics";
        ChildProcess.Result created = runOk("topics-create", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap,
                "--create", "--topic", topic, "--partitions", "3", "--replication-factor", "3",
                "--config", "retention.ms=3600000");
        assertThat(created.stdout()).as(created.describe()).contains("Created topic " + topic + ".");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertDescribed(topic, 3, "retention.ms=3600000"));

        ChildProcess.Result again = run("topics-create-again", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap,
                "--create", "--topic", topic, "--partitions", "3", "--replication-factor", "3");
        assertThat(again.exitCode()).as(again.describe()).isEqualTo(1);
        // TOPIC_ALREADY_EXISTS; the message's wording is the server's own (Kafka: "Topic 'x' already exists.").
        assertThat(again.stderr()).as(again.describe())
                .contains("ERROR org.apache.kafka.common.errors.TopicExistsException: ")
                .contains("'" + topic + "' already exists");

        runOk("topics-alter", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap, "--alter", "--topic", topic,
                "--partitions", "5");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertDescribed(topic, 5, "retention.ms=3600000"));

        ChildProcess.Result listed = runOk("topics-list", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap, "--list");
        assertThat(listed.stdoutLines()).as(listed.describe()).contains(topic);

        runOk("topics-delete", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap, "--delete", "--topic", topic);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ChildProcess.Result after = runOk("topics-list", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap, "--list");
            assertThat(after.stdoutLines()).as(after.describe()).doesNotContain(topic);
        });
        ChildProcess.Result describeGone = run("topics-describe-deleted", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap,
                "--describe", "--topic", topic);
        assertThat(describeGone.exitCode()).as(describeGone.describe()).isEqualTo(1);
        assertThat(describeGone.stdout() + describeGone.stderr()).as(describeGone.describe())
                .contains("Topic '" + topic + "' does not exist as expected");
    }

    /** {@code kafka-topics --describe}: the summary line and one line per partition, leaders among live replicas, full ISRs. */
    private void assertDescribed(String topic, int partitions, String config) {
        ChildProcess.Result described = runOk("topics-describe", null, TOPIC_COMMAND, "--bootstrap-server", bootstrap,
                "--describe", "--topic", topic);
        List<String> lines = described.stdoutLines().stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as(described.describe()).hasSize(1 + partitions);
        Matcher summary = DESCRIBE_TOPIC.matcher(lines.get(0));
        assertThat(summary.matches()).as("summary line: " + lines.get(0)).isTrue();
        assertThat(summary.group(1)).isEqualTo(topic);
        assertThat(summary.group(2)).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(summary.group(3)).isEqualTo(Integer.toString(partitions));
        assertThat(summary.group(4)).isEqualTo("3");
        assertThat(summary.group(5)).contains(config);
        for (int p = 0; p < partitions; p++) {
            Matcher partition = DESCRIBE_PARTITION.matcher(lines.get(1 + p));
            assertThat(partition.matches()).as("partition line: " + lines.get(1 + p)).isTrue();
            assertThat(partition.group(1)).isEqualTo(topic);
            assertThat(partition.group(2)).isEqualTo(Integer.toString(p));
            List<String> replicas = List.of(partition.group(4).split(","));
            assertThat(replicas).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(partition.group(3)).as("leader, " + lines.get(1 + p)).isIn(replicas);
            assertThat(List.of(partition.group(5).split(","))).as("ISR, " + lines.get(1 + p))
                    .containsExactlyInAnyOrder("1", "2", "3");
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void consoleProducerToConsoleConsumerThenGroupDescribeAndOffsetReset() throws Exception {
        String topic = "tools-console";
        String group = "tools-console-group";
        KafkaTestClients.createTopic(admin, topic, 3, 3, Map.of());
        List<String> first = IntStream.range(0, 300).mapToObj(i -> "k" + (i % 10) + ":line-" + i).toList();
        produceWithConsoleProducer(topic, first);

        ChildProcess.Result consumed = runOk("console-consumer", null, CONSOLE_CONSUMER, "--bootstrap-server", bootstrap,
                "--topic", topic, "--group", group, "--from-beginning", "--max-messages", "300", "--timeout-ms", "60000",
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator=:");
        List<String> lines = consumed.stdoutLines();
        assertThat(new TreeSet<>(lines)).as(consumed.describe()).isEqualTo(new TreeSet<>(first));
        assertThat(lines).as("lines consumed, none twice").hasSize(300);
        assertThat(consumed.stderr()).contains("Processed a total of 300 messages");
        assertKeyOrder(lines);

        List<String> second = IntStream.range(300, 350).mapToObj(i -> "k" + (i % 10) + ":line-" + i).toList();
        produceWithConsoleProducer(topic, second);

        Map<Integer, long[]> described = describeGroup(group, topic);
        Map<TopicPartition, Long> ends = endOffsets(topic, 3);
        long lag = 0;
        long current = 0;
        for (int p = 0; p < 3; p++) {
            long[] row = described.get(p);
            assertThat(row).as("partition " + p + " in kafka-consumer-groups --describe").isNotNull();
            assertThat(row[1]).as("LOG-END-OFFSET of partition " + p).isEqualTo(ends.get(new TopicPartition(topic, p)));
            assertThat(row[2]).as("LAG of partition " + p).isEqualTo(row[1] - row[0]);
            lag += row[2];
            current += row[0];
        }
        assertThat(current).as("committed offsets in total").isEqualTo(300);
        assertThat(lag).as("lag in total").isEqualTo(50);

        ChildProcess.Result reset = runOk("groups-reset", null, GROUP_COMMAND, "--bootstrap-server", bootstrap,
                "--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
        List<String> resetRows = reset.stdoutLines().stream().filter(line -> line.startsWith(group)).toList();
        assertThat(resetRows).as(reset.describe()).hasSize(3);
        for (String row : resetRows) {
            String[] columns = row.trim().split("\\s+");
            assertThat(columns).as(row).containsExactly(group, topic, columns[2], "0");
        }
        Map<Integer, long[]> afterReset = describeGroup(group, topic);
        for (int p = 0; p < 3; p++) {
            assertThat(afterReset.get(p)[0]).as("CURRENT-OFFSET of partition " + p + " after the reset").isZero();
            assertThat(afterReset.get(p)[2]).as("LAG of partition " + p + " after the reset").isEqualTo(afterReset.get(p)[1]);
        }

        ChildProcess.Result again = runOk("console-consumer-after-reset", null, CONSOLE_CONSUMER, "--bootstrap-server",
                bootstrap, "--topic", topic, "--group", group, "--max-messages", "350", "--timeout-ms", "60000",
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator=:");
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(new TreeSet<>(again.stdoutLines())).as(again.describe()).isEqualTo(new TreeSet<>(all));
        assertThat(again.stdoutLines()).hasSize(350);
        assertKeyOrder(again.stdoutLines());
    }

    private void produceWithConsoleProducer(String topic, List<String> lines) {
        ChildProcess.Result produced = runOk("console-producer", String.join("\n", lines) + "\n", CONSOLE_PRODUCER,
                "--bootstrap-server", bootstrap, "--topic", topic, "--compression-codec", "lz4",
                "--request-required-acks", "all", "--reader-property", "parse.key=true",
                "--reader-property", "key.separator=:");
        assertThat(produced.stderr()).as(produced.describe()).doesNotContain("ERROR");
    }

    /** Lines "k<n>:line-<i>": the lines of each key in increasing i (one key, one partition, in order). */
    private static void assertKeyOrder(List<String> lines) {
        Map<String, Integer> last = new HashMap<>();
        for (String line : lines) {
            String key = line.substring(0, line.indexOf(':'));
            int i = Integer.parseInt(line.substring(line.indexOf("line-") + 5));
            Integer previous = last.put(key, i);
            assertThat(previous == null ? -1 : previous).as("order of key " + key + " at " + line).isLessThan(i);
        }
    }

    /**
     * {@code kafka-consumer-groups --describe}: partition → [CURRENT-OFFSET, LOG-END-OFFSET, LAG] of
     * the rows of {@code topic} (columns GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG …).
     */
    private Map<Integer, long[]> describeGroup(String group, String topic) {
        ChildProcess.Result result = runOk("groups-describe", null, GROUP_COMMAND, "--bootstrap-server", bootstrap,
                "--describe", "--group", group);
        List<String> lines = result.stdoutLines().stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as(result.describe()).isNotEmpty();
        List<String> header = List.of(lines.get(0).trim().split("\\s+"));
        assertThat(header.subList(0, 6)).as(result.describe())
                .containsExactly("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG");
        Map<Integer, long[]> rows = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 6 && columns[0].equals(group) && columns[1].equals(topic)) {
                rows.put(Integer.parseInt(columns[2]), new long[]{Long.parseLong(columns[3]), Long.parseLong(columns[4]),
                        Long.parseLong(columns[5])});
            }
        }
        assertThat(rows.keySet()).as(result.describe()).containsExactly(0, 1, 2);
        return rows;
    }

    private Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(60, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void kafkaConfigsAltersAndDescribesTopicConfigs() throws Exception {
        String topic = "tools-configs";
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of());
        ChildProcess.Result altered = runOk("configs-alter", null, CONFIG_COMMAND, "--bootstrap-server", bootstrap,
                "--entity-type", "topics", "--entity-name", topic, "--alter",
                "--add-config", "retention.ms=7200000,max.message.bytes=500000");
        assertThat(altered.stdout()).as(altered.describe()).contains("Completed updating config for topic " + topic + ".");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ChildProcess.Result described = runOk("configs-describe", null, CONFIG_COMMAND, "--bootstrap-server",
                    bootstrap, "--entity-type", "topics", "--entity-name", topic, "--describe");
            assertThat(described.stdout()).as(described.describe())
                    .contains("Dynamic configs for topic " + topic + " are:")
                    .contains("retention.ms=7200000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=7200000")
                    .contains("max.message.bytes=500000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=500000");
        });
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var config = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("7200000");
        assertThat(config.get("max.message.bytes").value()).isEqualTo("500000");

        runOk("configs-delete", null, CONFIG_COMMAND, "--bootstrap-server", bootstrap, "--entity-type", "topics",
                "--entity-name", topic, "--alter", "--delete-config", "max.message.bytes");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ChildProcess.Result described = runOk("configs-describe", null, CONFIG_COMMAND, "--bootstrap-server",
                    bootstrap, "--entity-type", "topics", "--entity-name", topic, "--describe");
            assertThat(described.stdout()).as(described.describe())
                    .contains("retention.ms=7200000")
                    .doesNotContain("max.message.bytes=500000");
        });
        var after = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
        assertThat(after.get("max.message.bytes").value()).isEqualTo("1048588");
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void kafkaBrokerApiVersionsListsTheThreeNodes() {
        ChildProcess.Result result = runOk("broker-api-versions", null, API_VERSIONS_COMMAND, "--bootstrap-server", bootstrap);
        Pattern broker = Pattern.compile("^(\\S+):(\\d+) \\(id: (\\d+) rack: .*\\) -> \\($");
        Map<Integer, Integer> portById = new TreeMap<>();
        for (String line : result.stdoutLines()) {
            Matcher matcher = broker.matcher(line);
            if (matcher.matches()) {
                assertThat(matcher.group(1)).isEqualTo("127.0.0.1");
                portById.put(Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(2)));
            }
        }
        assertThat(portById).as(result.describe())
                .isEqualTo(Map.of(1, cluster.kafkaPort(1), 2, cluster.kafkaPort(2), 3, cluster.kafkaPort(3)));
        for (String api : List.of("Produce(0):", "Fetch(1):", "ListOffsets(2):", "Metadata(3):", "OffsetCommit(8):",
                "OffsetFetch(9):", "FindCoordinator(10):", "JoinGroup(11):", "Heartbeat(12):", "SyncGroup(14):",
                "ApiVersions(18):", "CreateTopics(19):", "InitProducerId(22):", "ConsumerGroupHeartbeat(68):")) {
            // e.g. "Produce(0): 0 to 13 [usable: 13]," once per node; an API a node lacks is "UNSUPPORTED"
            // (Apache Kafka itself shows the telemetry APIs so without a metrics reporter).
            long usable = result.stdoutLines().stream()
                    .filter(line -> line.trim().startsWith(api) && line.contains("[usable: ")).count();
            assertThat(usable).as("nodes on which the tool can use " + api + " in\n" + result.stdout()).isEqualTo(3);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Kafka's system-test clients: a VerifiableProducer writes keyed values (acks=-1, keys spread
     * over every partition, 100 a second) while one VerifiableConsumer reads from the start, a second
     * joins late, and the first leaves (SIGTERM: it closes cleanly); the producer is stopped (SIGTERM:
     * it flushes and closes) once the late consumer has read on alone. Every acknowledged value is
     * consumed, none twice, where it was acknowledged, and the partitions of the one that left move
     * to the other. Each step waits for the previous one's effect, not for time.
     */
    @Test
    void verifiableProducerAndConsumersWithALateJoinerAndALeaver() throws Exception {
        String topic = "tools-verifiable";
        String group = "tools-verifiable-group";
        KafkaTestClients.createTopic(admin, topic, 3, 3, Map.of());
        String[] consumerArgs = {"--bootstrap-server", bootstrap, "--topic", topic, "--group-id", group, "--verbose",
                "--reset-policy", "earliest", "--session-timeout", "10000"};
        try (ChildProcess first = ChildProcess.start(workDir, "verifiable-consumer-first", tool(VERIFIABLE_CONSUMER, consumerArgs), null);
             ChildProcess producer = ChildProcess.start(workDir, "verifiable-producer", tool(VERIFIABLE_PRODUCER,
                     "--bootstrap-server", bootstrap, "--topic", topic, "--max-messages", "-1",
                     "--throughput", "100", "--acks", "-1", "--repeating-keys", "60"), null)) {
            await().atMost(TOOL_TIMEOUT).untilAsserted(() ->
                    assertThat(records(first)).as("records consumed by the first consumer; " + first.stderr()).hasSizeGreaterThan(100));
            try (ChildProcess late = ChildProcess.start(workDir, "verifiable-consumer-late", tool(VERIFIABLE_CONSUMER, consumerArgs), null)) {
                await().atMost(TOOL_TIMEOUT).untilAsserted(() -> {
                    assertThat(producer.isAlive()).as("producer running; " + producer.stderr()).isTrue();
                    assertThat(lastAssignment(late)).as("partitions of the late consumer; " + late.stderr()).isNotEmpty();
                    assertThat(records(late)).as("records consumed by the late consumer").isNotEmpty();
                });
                await().atMost(TOOL_TIMEOUT).untilAsserted(() -> assertThat(lastAssignment(first))
                        .as("partitions of the first consumer with two members").isNotEmpty().hasSizeLessThan(3));

                ChildProcess.Result left = first.stop(Duration.ofSeconds(60));
                assertThat(events(left.stdout(), "shutdown_complete")).as(left.describe()).hasSize(1);
                int lateBefore = records(late).size();
                await().atMost(TOOL_TIMEOUT).untilAsserted(() -> {
                    assertThat(lastAssignment(late)).as("partitions of the late consumer after the first left")
                            .containsExactlyInAnyOrder(0, 1, 2);
                    assertThat(records(late).size()).as("records the late consumer read alone").isGreaterThan(lateBefore + 100);
                });

                ChildProcess.Result produced = producer.stop(Duration.ofSeconds(60));
                assertThat(events(produced.stdout(), "shutdown_complete")).as(produced.describe()).hasSize(1);
                List<JsonNode> sent = events(produced.stdout(), "producer_send_success");
                List<JsonNode> failed = events(produced.stdout(), "producer_send_error");
                assertThat(failed).as("producer_send_error events").isEmpty();
                assertThat(sent).as(produced.describe()).hasSizeGreaterThan(300);
                Set<String> acked = sent.stream().map(node -> node.get("value").asText()).collect(Collectors.toSet());

                await().atMost(TOOL_TIMEOUT).untilAsserted(() -> {
                    Set<String> consumed = new TreeSet<>();
                    records(left.stdout()).forEach(record -> consumed.add(record.get("value").asText()));
                    records(late).forEach(record -> consumed.add(record.get("value").asText()));
                    assertThat(consumed).as("acknowledged values consumed").containsAll(acked);
                });
                ChildProcess.Result lateResult = late.stop(Duration.ofSeconds(60));
                System.out.printf("verifiable: %d acknowledged; first consumer read %d, late consumer %d%n", acked.size(),
                        records(left.stdout()).size(), records(lateResult.stdout()).size());

                Map<String, List<String>> consumers = new LinkedHashMap<>();
                List<JsonNode> all = new ArrayList<>(records(left.stdout()));
                all.addAll(records(lateResult.stdout()));
                for (JsonNode record : all) {
                    consumers.computeIfAbsent(record.get("value").asText(), v -> new ArrayList<>())
                            .add(record.get("partition").asInt() + "@" + record.get("offset").asLong());
                }
                Map<String, List<String>> twice = consumers.entrySet().stream().filter(e -> e.getValue().size() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                List<JsonNode> failedCommits = new ArrayList<>(events(left.stdout(), "offsets_committed"));
                failedCommits.addAll(events(lateResult.stdout(), "offsets_committed"));
                failedCommits.removeIf(commit -> commit.get("success").asBoolean());
                assertThat(twice).as("values consumed twice; failed commits " + failedCommits).isEmpty();
                assertThat(failedCommits).as("failed commits").isEmpty();
                for (JsonNode ack : sent) {
                    String where = ack.get("partition").asInt() + "@" + ack.get("offset").asLong();
                    assertThat(consumers.get(ack.get("value").asText())).as("where value " + ack.get("value") + " was read")
                            .containsExactly(where);
                }
            }
        }
    }

    /** The "record_data" events of a VerifiableConsumer --verbose so far. */
    private static List<JsonNode> records(ChildProcess consumer) {
        return records(consumer.stdout());
    }

    private static List<JsonNode> records(String stdout) {
        return events(stdout, "record_data");
    }

    /** The partitions of the last "partitions_assigned" event (its assignment; the range assignor is eager). */
    private static Set<Integer> lastAssignment(ChildProcess consumer) {
        List<JsonNode> assigned = events(consumer.stdout(), "partitions_assigned");
        if (assigned.isEmpty()) {
            return Set.of();
        }
        Set<Integer> partitions = new TreeSet<>();
        assigned.get(assigned.size() - 1).get("partitions").forEach(p -> partitions.add(p.get("partition").asInt()));
        return partitions;
    }

    /** The complete JSON lines of a Verifiable* tool's output whose "name" is {@code name}. */
    private static List<JsonNode> events(String stdout, String name) {
        int end = stdout.lastIndexOf('\n');
        List<JsonNode> events = new ArrayList<>();
        if (end < 0) {
            return events;
        }
        for (String line : stdout.substring(0, end).split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (name.equals(node.path("name").asText())) {
                    events.add(node);
                }
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return events;
    }
}
