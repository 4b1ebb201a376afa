package io.strata.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ACLs on the Kafka listener of a real cluster (issue 16): SASL SCRAM on every node, ACLs enforced
 * with {@code User:admin} as the super user. A user without ACLs gets the exceptions kafka-clients
 * raise against a Kafka broker ({@code TopicAuthorizationException} naming the topic,
 * {@code GroupAuthorizationException}) and writes nothing; with ALLOWs on a PREFIXED pattern it
 * produces and consumes in a group; a DENY then beats the ALLOW on every node; managing ACLs needs
 * ALTER on the cluster; Kafka's {@code kafka-acls} (4.3.1's AclCommand) adds, lists and removes an
 * ACL (skipped, saying so, where the tool jars are absent).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AclIT {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-" + UUID.randomUUID();
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(120);

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;
    private Path workDir;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        workDir = Path.of("target", "acl-it", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(workDir);
        cluster = new TestCluster(dataDir).withSaslAndNodeAcls(ADMIN, ADMIN_PASSWORD)
                .startCore().start("group-coordinator");
        bootstrap = cluster.kafkaBootstrap();
        admin = Admin.create(sasl(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "strata-acl-admin"), ADMIN, ADMIN_PASSWORD));
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(ALICE,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), ALICE_PASSWORD))).all().get(30, TimeUnit.SECONDS);
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

    private static Map<String, Object> sasl(Map<String, Object> config, String user, String password) {
        return KafkaTestClients.scram(config, "SCRAM-SHA-512", user, password);
    }

    private KafkaProducer<String, String> aliceProducer() {
        Map<String, Object> config = sasl(KafkaTestClients.producerConfig(bootstrap), ALICE, ALICE_PASSWORD);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config);
    }

    /** Alice sends one record; the failure's cause, or null when it was written. */
    private Throwable aliceSends(String topic, String value) {
        return aliceSends(new ProducerRecord<>(topic, value, value));
    }

    private Throwable aliceSends(ProducerRecord<String, String> record) {
        try (KafkaProducer<String, String> producer = aliceProducer()) {
            Throwable failure = catchThrowable(() -> producer.send(record).get(30, TimeUnit.SECONDS));
            return failure instanceof ExecutionException ? failure.getCause() : failure;
        }
    }

    /** Alice reads {@code count} records of {@code topic} in {@code group} and commits; what she read, or the failure. */
    private List<String> aliceConsumes(String topic, String group, int count) {
        Map<String, Object> config = sasl(KafkaTestClients.consumerConfig(bootstrap), ALICE, ALICE_PASSWORD);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    read.add(record.value());
                }
            }
            consumer.commitSync(Duration.ofSeconds(30));
        }
        return read.stream().sorted().toList();
    }

    private long logEndOffsets(String topic, int partitions) throws Exception {
        return KafkaTestClients.logEndOffsets(admin, topic, partitions);
    }

    private static AclBinding aliceAcl(ResourceType type, String name, PatternType pattern, AclOperation operation,
                                       AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + ALICE, "*", operation, permission));
    }

    private void create(AclBinding... bindings) throws Exception {
        admin.createAcls(List.of(bindings)).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aUserWithoutAclsIsRefusedWithKafkasExceptionsAndWritesNothing() throws Exception {
        String topic = "acl-closed";
        KafkaTestClients.createTopic(admin, topic, 2, 3, Map.of());
        Throwable refused = aliceSends(topic, "not-allowed");
        assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
        assertThat(((TopicAuthorizationException) refused).unauthorizedTopics()).containsExactly(topic);

        Throwable readRefused = catchThrowable(() -> aliceConsumes(topic, "acl-closed-group", 1));
        assertThat(readRefused).isInstanceOf(TopicAuthorizationException.class);
        assertThat(logEndOffsets(topic, 2)).as("nothing written").isZero();

        // Allowed to read the topic but not the group: the group is what refuses now.
        String readable = "acl-closed-readable";
        KafkaTestClients.createTopic(admin, readable, 1, 3, Map.of());
        create(aliceAcl(ResourceType.TOPIC, readable, PatternType.LITERAL, AclOperation.READ, AclPermissionType.ALLOW));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Throwable groupRefused = catchThrowable(() -> aliceConsumes(readable, "acl-closed-group", 1));
            assertThat(groupRefused).isInstanceOf(GroupAuthorizationException.class);
            assertThat(((GroupAuthorizationException) groupRefused).groupId()).isEqualTo("acl-closed-group");
        });
        assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
                .noneMatch(group -> group.groupId().equals("acl-closed-group"));
    }

    @Test
    void anAllowOnAPrefixWorksAndADenyBeatsIt() throws Exception {
        String topic = "acl-team-orders";
        KafkaTestClients.createTopic(admin, topic, 2, 3, Map.of());
        create(aliceAcl(ResourceType.TOPIC, "acl-team-", PatternType.PREFIXED, AclOperation.WRITE, AclPermissionType.ALLOW),
                aliceAcl(ResourceType.TOPIC, "acl-team-", PatternType.PREFIXED, AclOperation.READ, AclPermissionType.ALLOW),
                aliceAcl(ResourceType.GROUP, "acl-team-", PatternType.PREFIXED, AclOperation.READ, AclPermissionType.ALLOW));
        // Made through one node, in force on every node within its cache TTL (1 s here).
        await().atMost(Duration.ofSeconds(30)).until(() -> aliceSends(topic, "first") == null);
        // That send met one node's cache; the group's coordinator and the other leader may refresh
        // theirs up to a TTL later, so the first read may still be refused there (seen in CI).
        await().atMost(Duration.ofSeconds(30)).ignoreException(TopicAuthorizationException.class)
                .untilAsserted(() -> assertThat(aliceConsumes(topic, "acl-team-readers", 1)).contains("first"));
        assertThat(admin.listConsumerGroupOffsets("acl-team-readers").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                .as("offsets committed with READ on group and topic").isNotEmpty();

        create(aliceAcl(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE, AclPermissionType.DENY));
        // In force on each partition's leader within its cache TTL: wait until sends to both partitions are refused.
        await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.IntStream.range(0, 2)
                .allMatch(p -> aliceSends(new ProducerRecord<>(topic, p, "probe", "probe")) instanceof TopicAuthorizationException));
        long written = logEndOffsets(topic, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(aliceSends(new ProducerRecord<>(topic, i % 2, "denied", "denied-" + i)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(logEndOffsets(topic, 2)).as("nothing written once denied").isEqualTo(written);
        assertThat(aliceConsumes(topic, "acl-team-readers-2", 1)).as("the DENY is of WRITE only").isNotEmpty();
    }

    @Test
    void onlyAPrincipalAllowedAlterOnTheClusterManagesAcls() throws Exception {
        try (Admin asAlice = Admin.create(sasl(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), ALICE, ALICE_PASSWORD))) {
            Throwable refused = catchThrowable(() -> asAlice.createAcls(List.of(aliceAcl(ResourceType.TOPIC, "*", PatternType.LITERAL,
                    AclOperation.ALL, AclPermissionType.ALLOW))).all().get(30, TimeUnit.SECONDS));
            assertThat(refused).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ClusterAuthorizationException.class);
            Throwable describe = catchThrowable(() -> asAlice.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            assertThat(describe).cause().isInstanceOf(ClusterAuthorizationException.class);
        }
        Collection<AclBinding> all = admin.describeAcls(new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, "*",
                PatternType.LITERAL), AccessControlEntryFilter.ANY)).values().get(30, TimeUnit.SECONDS);
        assertThat(all).as("alice's ALLOW ALL on every topic was not made").isEmpty();
    }

    @Test
    void kafkaAclsAddsListsAndRemovesAnAcl() throws Exception {
        Path libDir = Path.of(System.getProperty("strata.kafka.lib", "target/kafka-lib")).toAbsolutePath();
        assumeTrue(Files.isRegularFile(libDir.resolve("kafka-tools-4.3.1.jar")), "Kafka's tool jars are not in " + libDir
                + ": ./mvnw -B -q -f cluster-tests/kafka-tools/pom.xml package fetches them");
        Path commandConfig = workDir.resolve("admin.properties");
        Files.writeString(commandConfig, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                + "\" password=\"" + ADMIN_PASSWORD + "\";\n");
        List<String> connect = List.of("--bootstrap-server", bootstrap, "--command-config", commandConfig.toString());

        ChildProcess.Result added = aclCommand(libDir, "acls-add", connect, "--add", "--allow-principal", "User:bob",
                "--operation", "Read", "--topic", "acl-cli-", "--resource-pattern-type", "prefixed");
        assertThat(added.stdout()).as(added.describe()).contains("Adding ACLs for resource", "name=acl-cli-", "patternType=PREFIXED");

        ChildProcess.Result listed = aclCommand(libDir, "acls-list", connect, "--list", "--topic", "acl-cli-",
                "--resource-pattern-type", "prefixed");
        assertThat(listed.stdout()).as(listed.describe()).contains("principal=User:bob", "operation=READ", "permissionType=ALLOW");

        ChildProcess.Result removed = aclCommand(libDir, "acls-remove", connect, "--remove", "--force", "--allow-principal",
                "User:bob", "--operation", "Read", "--topic", "acl-cli-", "--resource-pattern-type", "prefixed");
        assertThat(removed.exitCode()).as(removed.describe()).isZero();
        Collection<AclBinding> left = admin.describeAcls(new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC,
                "acl-cli-", PatternType.PREFIXED), AccessControlEntryFilter.ANY)).values().get(30, TimeUnit.SECONDS);
        assertThat(left).isEmpty();
    }

    private ChildProcess.Result aclCommand(Path libDir, String name, List<String> connect, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", libDir + "/*", "org.apache.kafka.tools.AclCommand"));
        command.addAll(connect);
        command.addAll(List.of(args));
        ChildProcess.Result result = ChildProcess.run(workDir, name, command, null, TOOL_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }
}
