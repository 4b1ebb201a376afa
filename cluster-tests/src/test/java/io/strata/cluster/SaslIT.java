package io.strata.cluster;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SASL on the Kafka listener of a real cluster (issue 16): every partition node requires PLAIN,
 * SCRAM-SHA-256 or SCRAM-SHA-512, checked against the SCRAM credentials in the metadata service,
 * whose first user is the bootstrap user. Real kafka-clients produce and consume with each
 * mechanism; a client without credentials, and one with a wrong password, get what kafka-clients
 * raise against a Kafka broker and write nothing; {@code kafka-configs} (Kafka 4.3.1's
 * ConfigCommand) and the Java Admin create, describe and delete users; kcat logs in with
 * SCRAM-SHA-256. The Kafka tools and kcat parts skip, saying so, where they are not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslIT {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;
    private Path workDir;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        workDir = Path.of("target", "sasl-it", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(workDir);
        cluster = new TestCluster(dataDir)
                .withProperty("metadata-service", "strata.metadata.scram.bootstrap-user", ADMIN)
                .withProperty("metadata-service", "strata.metadata.scram.bootstrap-password", ADMIN_PASSWORD)
                .withProperty("partition-node", "strata.node.kafka.sasl.enabled-mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                .withProperty("partition-node", "strata.node.kafka.sasl.credential-cache-ttl", "1s")
                .startCore();
        bootstrap = cluster.kafkaBootstrap();
        admin = Admin.create(sasl(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "strata-sasl-admin"), "SCRAM-SHA-512", ADMIN, ADMIN_PASSWORD));
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

    /** {@code config} plus SASL_PLAINTEXT with {@code mechanism} as {@code user}. */
    private static Map<String, Object> sasl(Map<String, Object> config, String mechanism, String user, String password) {
        Map<String, Object> with = new HashMap<>(config);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        with.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        with.put(SaslConfigs.SASL_MECHANISM, mechanism);
        with.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return with;
    }

    private static Map<String, Object> producerConfig(String bootstrap, String mechanism, String user, String password) {
        Map<String, Object> config = sasl(KafkaTestClients.producerConfig(bootstrap), mechanism, user, password);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private void produce(String topic, String mechanism, String user, String password, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap, mechanism, user, password))) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> readAll(String topic, String mechanism, String user, String password, int count) {
        Map<Integer, List<ConsumerRecord<String, String>>> read = KafkaTestClients.readAll(
                sasl(KafkaTestClients.consumerConfig(bootstrap), mechanism, user, password), topic, count);
        return read.values().stream().flatMap(List::stream).map(ConsumerRecord::value).sorted().toList();
    }

    private long logEndOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    @Test
    void producersAndConsumersLogInWithEachMechanism() throws Exception {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")) {
            String topic = "sasl-" + mechanism.toLowerCase();
            KafkaTestClients.createTopic(admin, topic, 2, 3, Map.of());
            List<String> values = IntStream.range(0, 20).mapToObj(i -> mechanism + "-" + i).sorted().toList();
            produce(topic, mechanism, ADMIN, ADMIN_PASSWORD, values);
            assertThat(readAll(topic, mechanism, ADMIN, ADMIN_PASSWORD, values.size())).as(mechanism).isEqualTo(values);
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefusedAndWritesNothing() throws Exception {
        String topic = "sasl-refused";
        KafkaTestClients.createTopic(admin, topic, 2, 3, Map.of());
        Map<String, String> expected = Map.of(
                "SCRAM-SHA-256", "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256",
                "SCRAM-SHA-512", "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512",
                "PLAIN", "Authentication failed: Invalid username or password");
        for (Map.Entry<String, String> mechanism : expected.entrySet()) {
            for (String user : List.of(ADMIN, "nobody")) {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        producerConfig(bootstrap, mechanism.getKey(), user, "not-the-password"))) {
                    Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS));
                    Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
                    assertThat(cause).as(mechanism.getKey() + " as " + user).isInstanceOf(SaslAuthenticationException.class)
                            .hasMessage(mechanism.getValue());
                }
            }
        }
        assertThat(logEndOffsets(topic, 2)).as("nothing written").isZero();
    }

    @Test
    void aClientWithoutCredentialsIsServedNothingButApiVersions() throws Exception {
        // As against a Kafka SASL_PLAINTEXT listener: the plaintext client's first request after
        // ApiVersions closes its connection; kafka-clients retry until their timeout.
        try (Admin plaintext = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))) {
            Throwable failure = catchThrowable(() -> plaintext.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>("sasl-plaintext", "v")).get(30, TimeUnit.SECONDS));
            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata after 5000 ms");
        }
        assertThat(cluster.logLinesContaining("partition-node-1", "before authentication")
                + cluster.logLinesContaining("partition-node-2", "before authentication")
                + cluster.logLinesContaining("partition-node-3", "before authentication")).isPositive();
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("sasl-plaintext");
    }

    @Test
    void theAdminApiManagesUsersAndADeletedUserCannotLogIn() throws Exception {
        String user = "bob";
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "bob-secret"))).all().get(30, TimeUnit.SECONDS);
        Map<String, UserScramCredentialsDescription> described = admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS);
        assertThat(described.get(user).credentialInfos()).containsExactly(new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096));
        assertThat(described.get(ADMIN).credentialInfos()).hasSize(2);

        String topic = "sasl-bob";
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of());
        produce(topic, "SCRAM-SHA-512", user, "bob-secret", List.of("from-bob"));
        produce(topic, "PLAIN", user, "bob-secret", List.of("from-bob-plain"));

        admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)))
                .all().get(30, TimeUnit.SECONDS);
        // all() does not fail on RESOURCE_NOT_FOUND (kafka-clients' choice); description(user) raises it.
        Throwable missing = catchThrowable(() -> admin.describeUserScramCredentials(List.of(user)).description(user)
                .get(30, TimeUnit.SECONDS));
        assertThat(missing).cause().isInstanceOf(org.apache.kafka.common.errors.ResourceNotFoundException.class)
                .hasMessage("Attempt to describe a user credential that does not exist: bob");
        // Every node forgets bob within its credential cache's TTL (1 s here). The probe logs in with
        // an Admin, not a producer: a login still accepted inside the TTL must not write a record
        // (a producer probe did, and the count below then saw 3).
        for (String node : bootstrap.split(",")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (Admin asBob = Admin.create(sasl(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000), "SCRAM-SHA-512", user, "bob-secret"))) {
                    Throwable failure = catchThrowable(() -> asBob.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
                    assertThat(failure).as("logging in at " + node).cause().isInstanceOf(SaslAuthenticationException.class);
                }
            });
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap, "SCRAM-SHA-512", user, "bob-secret"))) {
            Throwable failure = catchThrowable(() -> producer.send(new ProducerRecord<>(topic, "late")).get(30, TimeUnit.SECONDS));
            assertThat(failure).cause().isInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(logEndOffsets(topic, 1)).as("bob's two records, nothing after his deletion").isEqualTo(2);
    }

    @Test
    void kafkaConfigsCreatesAUserThatCanThenLogIn() throws Exception {
        Path libDir = Path.of(System.getProperty("strata.kafka.lib", "target/kafka-lib")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(libDir.resolve("kafka_2.13-4.3.1.jar")), "Kafka's tool jars are not in " + libDir
                + ": ./mvnw -B -q -f cluster-tests/kafka-tools/pom.xml package fetches them");
        Path commandConfig = workDir.resolve("admin.properties");
        Files.writeString(commandConfig, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                + "\" password=\"" + ADMIN_PASSWORD + "\";\n");
        ChildProcess.Result altered = configCommand(libDir, "configs-alter-user", "--bootstrap-server", bootstrap,
                "--command-config", commandConfig.toString(), "--alter",
                "--add-config", "SCRAM-SHA-256=[iterations=8192,password=alice-secret]", "--entity-type", "users", "--entity-name", "alice");
        assertThat(altered.stdout()).as(altered.describe()).contains("Completed updating config for user alice.");

        ChildProcess.Result described = configCommand(libDir, "configs-describe-users", "--bootstrap-server", bootstrap,
                "--command-config", commandConfig.toString(), "--describe", "--entity-type", "users");
        assertThat(described.stdout()).as(described.describe())
                .contains("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192");

        String topic = "sasl-alice";
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of());
        produce(topic, "SCRAM-SHA-256", "alice", "alice-secret", List.of("from-alice"));
        assertThat(readAll(topic, "PLAIN", "alice", "alice-secret", 1)).containsExactly("from-alice");
    }

    @Test
    void kcatLogsInWithScramSha256() throws Exception {
        Optional<Path> kcat = ProgramOnPath.find("kcat");
        assumeTrue(kcat.isPresent(), "kcat is not on the PATH: install Debian's kcat package (apt-get install kcat)");
        String topic = "sasl-kcat";
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of());
        List<String> auth = List.of("-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-256",
                "-X", "sasl.username=" + ADMIN, "-X", "sasl.password=" + ADMIN_PASSWORD);
        ChildProcess.Result produced = kcatRun(kcat.get(), "kcat-sasl-produce", "one\ntwo\nthree\n", auth,
                "-b", bootstrap, "-t", topic, "-P");
        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        ChildProcess.Result consumed = kcatRun(kcat.get(), "kcat-sasl-consume", null, auth,
                "-b", bootstrap, "-t", topic, "-C", "-o", "beginning", "-e", "-q");
        assertThat(consumed.stdoutLines()).as(consumed.describe()).containsExactly("one", "two", "three");

        ChildProcess.Result refused = kcatRun(kcat.get(), "kcat-sasl-refused", null,
                List.of("-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-256",
                        "-X", "sasl.username=" + ADMIN, "-X", "sasl.password=wrong"), "-b", bootstrap, "-L", "-m", "5");
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stderr()).as(refused.describe()).contains("Authentication failed");
    }

    private ChildProcess.Result configCommand(Path libDir, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", libDir + "/*", "kafka.admin.ConfigCommand"));
        command.addAll(List.of(args));
        ChildProcess.Result result = ChildProcess.run(workDir, name, command, null, TOOL_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }

    private ChildProcess.Result kcatRun(Path kcat, String name, String stdin, List<String> auth, String... args) {
        List<String> command = new ArrayList<>();
        command.add(kcat.toString());
        command.addAll(auth);
        command.addAll(List.of(args));
        return ChildProcess.run(workDir, name, command, stdin, TOOL_TIMEOUT);
    }
}
