package io.strata.cluster;

import io.strata.api.v1.AssignmentEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Apache Kafka's own Java clients (kafka-clients, unmodified) against a real Strata cluster's Kafka
 * listeners: the producer at every acks level and compression codec, consumer groups with the
 * classic protocol (eager {@code range}, {@code cooperative-sticky}, static membership) and with
 * KIP-848 ({@code group.protocol=consumer}), and the Admin client's topic, config, cluster and group
 * operations, each checked through what the cluster answers afterwards.
 *
 * <p>One cluster (PostgreSQL, metadata service, three partition nodes, group coordinator) for the
 * class; each test has its own topics and groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaClientsIT {

    private static final Duration GROUP_BOUND = Duration.ofSeconds(120);
    private static final long WAIT_SECONDS = 60;

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
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

    // ---------------------------------------------------------------------------------------------
    // (a) producing at every acks level and compression codec

    static Stream<Arguments> acksAndCompression() {
        List<Arguments> cases = new ArrayList<>();
        for (String acks : List.of("0", "1", "all")) {
            for (String compression : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
                cases.add(Arguments.of(acks, compression));
            }
        }
        return cases.stream();
    }

    /**
     * 1,500 keyed records with a header, values of 20 to 2,000 bytes, through one producer (idempotent
     * for acks=all; Kafka refuses idempotence with acks 0 or 1, so those run with one request in
     * flight to keep the order), then read back with assign() + seekToBeginning(): every record
     * exactly once, contents equal, at dense offsets, in send order within each partition, each key in
     * one partition, and at the partition and offset the producer was told (acks 1 and all).
     */
    @ParameterizedTest(name = "acks={0} compression={1}")
    @MethodSource("acksAndCompression")
    void everyRecordIsReadBackOnceInOrder(String acks, String compression) throws Exception {
        String topic = "produce-acks-" + acks + "-" + compression;
        KafkaTestClients.createTopic(admin, topic, 3, 3, Map.of("min.insync.replicas", "2"));
        int count = 1500;
        Map<String, Object> config = KafkaTestClients.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        boolean idempotent = acks.equals("all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        if (!idempotent) {
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        }
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, key(i), value(topic, i));
                record.headers().add("i", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                futures.add(producer.send(record));
            }
            producer.flush();
        }
        List<RecordMetadata> acked = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            acked.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }

        Map<Integer, List<ConsumerRecord<String, String>>> read = KafkaTestClients.readAll(bootstrap, topic, count);
        Map<Integer, ConsumerRecord<String, String>> byIndex = new TreeMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (Map.Entry<Integer, List<ConsumerRecord<String, String>>> partition : read.entrySet()) {
            int previous = -1;
            List<ConsumerRecord<String, String>> records = partition.getValue();
            for (int position = 0; position < records.size(); position++) {
                ConsumerRecord<String, String> record = records.get(position);
                String where = topic + "-" + partition.getKey() + "@" + record.offset();
                assertThat(record.offset()).as("dense offsets: " + where).isEqualTo(position);
                Header header = record.headers().lastHeader("i");
                assertThat(header).as("header i of " + where).isNotNull();
                int i = Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8));
                assertThat(byIndex.put(i, record)).as("record " + i + " read twice, again at " + where).isNull();
                assertThat(i).as("send order within " + topic + "-" + partition.getKey() + " at offset " + record.offset())
                        .isGreaterThan(previous);
                previous = i;
                assertThat(record.key()).as(where).isEqualTo(key(i));
                assertThat(record.value()).as(where).isEqualTo(value(topic, i));
                Integer keyPartition = partitionOfKey.putIfAbsent(record.key(), record.partition());
                assertThat(keyPartition == null ? record.partition() : keyPartition).as("partition of key " + record.key())
                        .isEqualTo(record.partition());
            }
        }
        assertThat(byIndex.keySet()).as("records read").containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        if (!acks.equals("0")) {
            for (int i = 0; i < count; i++) {
                RecordMetadata metadata = acked.get(i);
                ConsumerRecord<String, String> record = byIndex.get(i);
                assertThat(record.partition() + "@" + record.offset()).as("where record " + i + " was acknowledged")
                        .isEqualTo(metadata.partition() + "@" + metadata.offset());
            }
        }
        assertThat(read.values().stream().filter(list -> !list.isEmpty()).count()).as("partitions written").isEqualTo(3);
    }

    private static String key(int i) {
        return "key-" + (i % 50);
    }

    /** A value of 20 to 2,000 bytes, compressible (repeated text) so that every codec has work to do. */
    private static String value(String topic, int i) {
        return topic + "#" + i + "#" + "lorem ipsum dolor sit amet ".repeat(i % 74);
    }

    // ---------------------------------------------------------------------------------------------
    // (b) consumer groups

    private Map<String, Object> classicConfig(String group, Class<?> assignor) {
        Map<String, Object> config = KafkaTestClients.consumerConfig(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 60_000);
        return config;
    }

    private Map<String, Object> consumerProtocolConfig(String group) {
        Map<String, Object> config = KafkaTestClients.consumerConfig(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        return config;
    }

    @Test
    void classicGroupWithTheRangeAssignor() throws Exception {
        groupScenario("range", classicConfig("g-range", RangeAssignor.class));
    }

    @Test
    void classicGroupWithTheCooperativeStickyAssignor() throws Exception {
        groupScenario("cooperative", classicConfig("g-cooperative", CooperativeStickyAssignor.class));
    }

    @Test
    void kip848ConsumerProtocolGroup() throws Exception {
        groupScenario("kip848", consumerProtocolConfig("g-kip848"));
    }

    /**
     * Two members share six partitions, a third joins, one leaves (closing its consumer), while a
     * producer writes all along (each send acknowledged before the next, acks=all), so that records
     * arrive during every rebalance: each partition is held by one member at a time, the partitions
     * of the one that left move to the others, and every record is consumed exactly once.
     */
    private void groupScenario(String name, Map<String, Object> config) throws Exception {
        String topic = "group-" + name;
        KafkaTestClients.createTopic(admin, topic, 6, 3, Map.of());
        KafkaGroupMember.Ledger ledger = new KafkaGroupMember.Ledger();
        List<KafkaGroupMember> members = new ArrayList<>();
        int total;
        try (KafkaProducer<String, String> producer = idempotentProducer()) {
            KafkaSteadyWriter writer = KafkaSteadyWriter.start(producer, topic, name, WAIT_SECONDS);
            try {
                joinAndLeave(name, topic, config, ledger, members, writer, new GroupProbe(cluster.channel("group-coordinator")));
            } finally {
                writer.close();
            }
            assertThat(writer.failure()).as("producer failure").isNull();
            total = writer.produced();
            awaitConsumed(ledger, members, total);
        } finally {
            members.forEach(KafkaGroupMember::close);
        }
        for (KafkaGroupMember member : members) {
            assertThat(member.failure()).as(member.name() + " failure; events " + ledger.events).isNull();
        }
        System.out.printf("group %s: %d records; events %s; commits refused during a rebalance %s%n", name, total,
                ledger.events, members.stream().map(m -> m.name() + "=" + m.commitsRefusedDuringRebalance()).toList());
        assertThat(ledger.violations).as("partitions held by two members at once").isEmpty();
        Map<String, List<String>> twice = ledger.consumed.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(twice).as("records consumed more than once (partition@offset → members); events " + ledger.events)
                .isEmpty();
        assertThat(ledger.values.keySet()).as("values consumed")
                .isEqualTo(IntStream.range(0, total).mapToObj(i -> name + "-" + i).collect(Collectors.toSet()));
    }

    /**
     * Members a and b share the partitions, c joins, b leaves; after each step the group moves on.
     * b's leave is heard at once: what it still held is revoked as "left", not after its session
     * timed out (Kafka's KIP-848 consumer leaves with an empty topic list, which the coordinator
     * once refused, and the group then waited 45 s for b's session).
     */
    private static void joinAndLeave(String name, String topic, Map<String, Object> config, KafkaGroupMember.Ledger ledger,
                                     List<KafkaGroupMember> members, KafkaSteadyWriter writer, GroupProbe probe) {
        members.add(KafkaGroupMember.start(name + "-a", topic, config, ledger));
        members.add(KafkaGroupMember.start(name + "-b", topic, config, ledger));
        awaitOwners(ledger, members, Set.of(name + "-a", name + "-b"), 6);
        awaitProgress(ledger, members, writer);

        members.add(KafkaGroupMember.start(name + "-c", topic, config, ledger));
        awaitOwners(ledger, members, Set.of(name + "-a", name + "-b", name + "-c"), 6);
        awaitProgress(ledger, members, writer);

        KafkaGroupMember leaving = members.get(1);
        Set<TopicPartition> itsPartitions = ledger.ownedBy(leaving.name());
        assertThat(itsPartitions).as("partitions of " + leaving.name()).isNotEmpty();
        String group = (String) config.get(ConsumerConfig.GROUP_ID_CONFIG);
        long beforeLeave = probe.history(group).lastSequence();
        leaving.close();
        assertThat(leaving.failure()).as(leaving.name() + " failure").isNull();
        awaitOwners(ledger, members, Set.of(name + "-a", name + "-c"), 6);
        AssignmentReplay history = probe.history(group);
        assertThat(history.revoked(beforeLeave, history.lastSequence())).as("revocations after " + leaving.name() + " left")
                .extracting(AssignmentEvent::getReason).contains("left").doesNotContain("session-timeout");
        awaitProgress(ledger, members, writer);
    }

    /** Waits until the members have consumed 200 more records than were produced when called. */
    private static void awaitProgress(KafkaGroupMember.Ledger ledger, List<KafkaGroupMember> members, KafkaSteadyWriter writer) {
        int target = writer.produced() + 200;
        await().atMost(GROUP_BOUND).untilAsserted(() -> {
            assertThat(writer.failure()).as("producer failure").isNull();
            failFast(members, ledger);
            assertThat(ledger.values).as("distinct values consumed; events " + ledger.events).hasSizeGreaterThanOrEqualTo(target);
        });
    }

    /** Static membership: a member that closes and comes back with the same group.instance.id gets its partitions back, and nobody else's move. */
    @Test
    void aStaticMemberRejoiningKeepsItsPartitions() throws Exception {
        String topic = "group-static";
        KafkaTestClients.createTopic(admin, topic, 4, 3, Map.of());
        KafkaGroupMember.Ledger ledger = new KafkaGroupMember.Ledger();
        Map<String, Object> config = classicConfig("g-static", RangeAssignor.class);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000);
        Map<String, Object> configA = new HashMap<>(config);
        configA.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-a");
        Map<String, Object> configB = new HashMap<>(config);
        configB.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-b");
        List<KafkaGroupMember> members = new ArrayList<>();
        try (KafkaProducer<String, String> producer = idempotentProducer()) {
            produce(producer, topic, "static", 0, 400);
            KafkaGroupMember a = KafkaGroupMember.start("static-a", topic, configA, ledger);
            members.add(a);
            KafkaGroupMember b = KafkaGroupMember.start("static-b", topic, configB, ledger);
            members.add(b);
            awaitOwners(ledger, members, Set.of("static-a", "static-b"), 4);
            awaitConsumed(ledger, members, 400);
            Set<TopicPartition> ofA = ledger.ownedBy("static-a");
            Set<TopicPartition> ofB = ledger.ownedBy("static-b");
            int revocationsOfB = b.revocations();

            a.close();
            assertThat(a.failure()).isNull();
            produce(producer, topic, "static", 400, 800);
            KafkaGroupMember again = KafkaGroupMember.start("static-a", topic, configA, ledger);
            members.add(again);
            await().atMost(GROUP_BOUND).untilAsserted(() ->
                    assertThat(ledger.ownedBy("static-a")).as("partitions of the rejoined static-a").isEqualTo(ofA));
            awaitConsumed(ledger, members, 800);
            assertThat(ledger.ownedBy("static-b")).as("partitions of static-b").isEqualTo(ofB);
            assertThat(b.revocations()).as("revocations of static-b (a rebalance); events " + ledger.events)
                    .isEqualTo(revocationsOfB);
        } finally {
            members.forEach(KafkaGroupMember::close);
        }
        for (KafkaGroupMember member : members) {
            assertThat(member.failure()).as(member.name() + " failure").isNull();
        }
        assertThat(ledger.violations).isEmpty();
        assertThat(ledger.consumed.values().stream().filter(list -> list.size() > 1).count())
                .as("records consumed twice; events " + ledger.events).isZero();
        assertThat(ledger.values).hasSize(800);
    }

    private KafkaProducer<String, String> idempotentProducer() {
        Map<String, Object> config = KafkaTestClients.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config);
    }

    /** Values {@code prefix-from} … {@code prefix-(to-1)}, keyed so that they spread over the partitions; waits for every ack. */
    private static void produce(KafkaProducer<String, String> producer, String topic, String prefix, int from, int to)
            throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, prefix + "-" + i)));
        }
        producer.flush();
        for (Future<RecordMetadata> future : futures) {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Waits until exactly {@code expected} members hold the topic's {@code partitions} partitions, each at least one. */
    private static void awaitOwners(KafkaGroupMember.Ledger ledger, List<KafkaGroupMember> members, Set<String> expected,
                                    int partitions) {
        await().atMost(GROUP_BOUND).untilAsserted(() -> {
            failFast(members, ledger);
            assertThat(ledger.owners).as("owners; events " + ledger.events).hasSize(partitions);
            assertThat(new HashSet<>(ledger.owners.values())).as("members holding partitions").isEqualTo(expected);
        });
    }

    private static void awaitConsumed(KafkaGroupMember.Ledger ledger, List<KafkaGroupMember> members, int count) {
        await().atMost(GROUP_BOUND).untilAsserted(() -> {
            failFast(members, ledger);
            assertThat(ledger.values).as("distinct values consumed; events " + ledger.events).hasSizeGreaterThanOrEqualTo(count);
        });
    }

    private static void failFast(List<KafkaGroupMember> members, KafkaGroupMember.Ledger ledger) {
        for (KafkaGroupMember member : members) {
            if (member.failure() != null) {
                throw new AssertionError(member.name() + " failed; events " + ledger.events, member.failure());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (c) Admin

    @Test
    void adminCreatesDescribesListsAltersAndDeletesTopics() throws Exception {
        String topic = "admin-topic";
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("retention.ms", "86400000"))))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            TopicDescription description = describe(topic);
            assertThat(description.name()).isEqualTo(topic);
            assertThat(description.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
            assertThat(description.isInternal()).isFalse();
            assertThat(description.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
            for (TopicPartitionInfo partition : description.partitions()) {
                assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(partition.leader()).isNotNull();
                assertThat(partition.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            }
        });
        assertThat(admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS)).contains(topic);
        Throwable again = catchThrowable(() -> admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3)))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(again).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicExistsException.class);

        // configs
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        assertThat(topicConfig(resource).get("retention.ms").value()).isEqualTo("86400000");
        assertThat(topicConfig(resource).get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.message.bytes", "2000000"), AlterConfigOp.OpType.SET))))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Config config = topicConfig(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(config.get("max.message.bytes").value()).isEqualTo("2000000");
        });
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE))))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ConfigEntry entry = topicConfig(resource).get("max.message.bytes");
            assertThat(entry.value()).as("max.message.bytes back to Kafka's default").isEqualTo("1048588");
            assertThat(entry.source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(topicConfig(resource).get("retention.ms").value()).isEqualTo("3600000");
        });

        // partitions
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            TopicDescription description = describe(topic);
            assertThat(description.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2, 3, 4);
            for (TopicPartitionInfo partition : description.partitions()) {
                assertThat(partition.replicas()).hasSize(3);
                assertThat(partition.leader()).isNotNull();
            }
        });
        Throwable fewer = catchThrowable(() -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4)))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(fewer).isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidPartitionsException.class);

        // delete
        admin.deleteTopics(List.of(topic)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS)).doesNotContain(topic));
        Throwable gone = catchThrowable(() -> describe(topic));
        assertThat(gone).isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    private TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(WAIT_SECONDS, TimeUnit.SECONDS).get(topic);
    }

    private Config topicConfig(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get(WAIT_SECONDS, TimeUnit.SECONDS).get(resource);
    }

    /**
     * DeleteRecords through the Admin client: the answer's low watermark says every in-sync
     * replica has deleted (each node's log start offset metric shows it), earliest is the new start,
     * a consumer from the beginning gets exactly the records after it, and an offset past the high
     * watermark is refused with OFFSET_OUT_OF_RANGE.
     */
    @Test
    void adminDeletesRecordsOnEveryReplica() throws Exception {
        String topic = "delete-records";
        TopicPartition tp = new TopicPartition(topic, 0);
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of("min.insync.replicas", "3"));
        Map<String, Object> config = KafkaTestClients.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            produce(producer, topic, "d", 0, 100);
        }

        DeletedRecords deleted = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(40))).lowWatermarks().get(tp)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(deleted.lowWatermark()).isEqualTo(40);
        assertThat(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(WAIT_SECONDS, TimeUnit.SECONDS)
                .offset()).isEqualTo(40);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int node = 1; node <= 3; node++) {
                assertThat(MetricsScrape.of(cluster.httpUrl("partition-node-" + node))
                        .sum("strata_partition_log_start_offset", "topic=" + topic)).as("log start on node " + node).isEqualTo(40);
            }
        });
        List<ConsumerRecord<String, String>> left = KafkaTestClients.readAll(bootstrap, topic, 60).get(0);
        assertThat(left).extracting(ConsumerRecord::offset).containsExactlyElementsOf(LongStream.range(40, 100).boxed().toList());
        Throwable pastTheEnd = catchThrowable(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(101)))
                .all().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(pastTheEnd).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void adminDescribesTheClusterAsItsThreeNodes() throws Exception {
        DescribeClusterResult result = admin.describeCluster();
        Collection<Node> nodes = result.nodes().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(nodes).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
        for (Node node : nodes) {
            assertThat(node.host()).isEqualTo("127.0.0.1");
            assertThat(node.port()).as("Kafka port of node " + node.id()).isEqualTo(cluster.kafkaPort(node.id()));
        }
        assertThat(result.clusterId().get(WAIT_SECONDS, TimeUnit.SECONDS)).isNotBlank();
        Node controller = result.controller().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(controller).isNotNull();
        assertThat(controller.id()).isIn(1, 2, 3);
        // a second admin sees the same cluster id
        try (Admin other = KafkaTestClients.admin("127.0.0.1:" + cluster.kafkaPort(3))) {
            assertThat(other.describeCluster().clusterId().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo(result.clusterId().get());
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void adminListsDescribesAltersAndDeletesConsumerGroups() throws Exception {
        String topic = "admin-groups";
        String group = "g-admin";
        KafkaTestClients.createTopic(admin, topic, 2, 3, Map.of());
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (KafkaProducer<String, String> producer = idempotentProducer()) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i < 20 ? 0 : 1, null, "v" + i));
            }
            producer.flush();
        }
        Map<String, Object> config = KafkaTestClients.consumerConfig(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(GROUP_BOUND).pollInterval(Duration.ofMillis(1)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 30;
            });
            assertThat(records).hasSize(30);
            consumer.commitSync(Duration.ofSeconds(30));

            ConsumerGroupDescription active = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(active.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(active.members()).hasSize(1);
            assertThat(active.members().iterator().next().assignment().topicPartitions()).containsExactlyInAnyOrder(p0, p1);
            Throwable notEmpty = catchThrowable(() -> admin.deleteConsumerGroups(List.of(group)).all()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertThat(notEmpty).isInstanceOf(ExecutionException.class).cause().isInstanceOf(GroupNotEmptyException.class);
            Throwable subscribed = catchThrowable(() -> admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertThat(subscribed).as("the member subscribes to the topic").isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(GroupSubscribedToTopicException.class);
        }
        awaitEmpty(group);
        Collection<ConsumerGroupListing> listed = admin.listConsumerGroups().all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(listed).extracting(ConsumerGroupListing::groupId).contains(group);
        assertThat(committed(group)).isEqualTo(Map.of(p0, 20L, p1, 10L));

        admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(5))).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(committed(group)).isEqualTo(Map.of(p0, 5L, p1, 10L));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(GROUP_BOUND).pollInterval(Duration.ofMillis(1)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 15;
            });
            assertThat(records).extracting(r -> r.partition() + "@" + r.offset())
                    .containsExactlyElementsOf(IntStream.range(5, 20).mapToObj(o -> "0@" + o).toList());
            assertThat(consumer.position(p1, Duration.ofSeconds(30))).isEqualTo(10L);
        }
        awaitEmpty(group);
        admin.deleteConsumerGroupOffsets(group, Set.of(p0)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(committed(group)).as("p0's offset is deleted, p1's kept").isEqualTo(Map.of(p1, 10L));

        admin.deleteConsumerGroups(List.of(group)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(admin.listConsumerGroups().all().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .extracting(ConsumerGroupListing::groupId).doesNotContain(group);
        // Kafka answers a deleted group either as DEAD or as GROUP_ID_NOT_FOUND, depending on the API version.
        try {
            ConsumerGroupDescription deleted = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(deleted.groupState()).isEqualTo(GroupState.DEAD);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class);
        }
        try {
            assertThat(committed(group)).as("offsets of the deleted group").isEmpty();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class);
        }
    }

    private void awaitEmpty(String group) {
        await().atMost(GROUP_BOUND).untilAsserted(() -> {
            ConsumerGroupDescription empty = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(empty.groupState()).isEqualTo(GroupState.EMPTY);
            assertThat(empty.members()).isEmpty();
        });
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> plain = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null) {
                plain.put(tp, offset.offset());
            }
        });
        return plain;
    }
}
