package io.strata.cluster;

import io.strata.api.v1.ErrorCode;
import io.strata.client.Header;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.admin.Admin;
import io.strata.client.admin.ClusterInfo;
import io.strata.client.admin.OffsetSpec;
import io.strata.client.admin.TopicInfo;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerMetrics;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.client.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client against a real cluster (embedded PostgreSQL, metadata service, three partition
 * nodes, gateway, all real processes): 100,000 records keyed and keyless, with every compression
 * codec, produced to a 6-partition RF 3 topic and read back whole and in order; the admin calls;
 * the consumer's positions and offset resets; the errors a caller sees. One cluster for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientIT {

    private static final int PARTITIONS = 6;
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;

    @BeforeAll
    void startCluster(@TempDir Path dataDir) throws IOException {
        cluster = new TestCluster(dataDir).startCore().start("gateway");
        bootstrap = "127.0.0.1:" + cluster.port("gateway");
        admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aHundredThousandRecordsWithEveryCodecAreReadBackWholeAndInOrder() throws Exception {
        String topic = "client-events";
        admin.createTopic(topic, PARTITIONS, 3, Map.of());
        int perCodec = 20_000;
        Map<Integer, RecordMetadata> written = new HashMap<>();
        for (int c = 0; c < CODECS.size(); c++) {
            written.putAll(produce(topic, CODECS.get(c), c * perCodec, perCodec));
        }
        int total = CODECS.size() * perCodec;
        assertThat(written).hasSize(total);
        for (int seq = 0; seq < total; seq++) {
            if (keyed(seq)) {
                byte[] key = key(seq);
                assertThat(written.get(seq).partition()).as("partition of key %s", new String(key, StandardCharsets.UTF_8))
                        .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS);
            }
        }

        // From the leaders (the gateway offers them in this open cluster), then through the gateway alone.
        for (boolean fromLeaders : List.of(true, false)) {
            assertWholeAndInOrder(consumeAll(topic, total, fromLeaders), written, total);
        }
        Map<TopicPartition, Long> ends = admin.listOffsets(partitions(topic), OffsetSpec.latest());
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    }

    private void assertWholeAndInOrder(List<ConsumerRecord> read, Map<Integer, RecordMetadata> written, int total) {
        Map<Integer, ConsumerRecord> bySeq = new HashMap<>();
        long[] nextOffset = new long[PARTITIONS];
        int[] lastSeq = new int[PARTITIONS];
        java.util.Arrays.fill(lastSeq, -1);
        for (ConsumerRecord record : read) {
            int seq = seqOf(record);
            assertThat(bySeq.put(seq, record)).as("duplicate of %d", seq).isNull();
            assertThat(record.offset()).as("dense offsets in %d", record.partition()).isEqualTo(nextOffset[record.partition()]++);
            assertThat(seq).as("per-partition order in %d", record.partition()).isGreaterThan(lastSeq[record.partition()]);
            lastSeq[record.partition()] = seq;
            RecordMetadata metadata = written.get(seq);
            assertThat(record.partition()).isEqualTo(metadata.partition());
            assertThat(record.offset()).isEqualTo(metadata.offset());
            assertThat(record.timestamp()).isEqualTo(metadata.timestamp());
            if (keyed(seq)) {
                assertThat(record.key()).isEqualTo(key(seq));
            } else {
                assertThat(record.key()).isNull();
            }
            if (seq % 10 == 0) {
                assertThat(record.headers()).containsExactly(new Header("seq", Integer.toString(seq).getBytes(StandardCharsets.UTF_8)),
                        new Header("empty", null));
            } else {
                assertThat(record.headers()).isEmpty();
            }
        }
        assertThat(bySeq).as("no loss").hasSize(total);
    }

    private Map<Integer, RecordMetadata> produce(String topic, String codec, int from, int count) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("compression.type", codec);
        config.put("linger.ms", 10);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(count);
        long start = System.nanoTime();
        try (Producer producer = Producer.create(config)) {
            for (int seq = from; seq < from + count; seq++) {
                List<Header> headers = seq % 10 == 0
                        ? List.of(new Header("seq", Integer.toString(seq).getBytes(StandardCharsets.UTF_8)), new Header("empty", null))
                        : List.of();
                futures.add(producer.send(new ProducerRecord(topic, null, null, keyed(seq) ? key(seq) : null,
                        value(codec, seq), headers)));
            }
            producer.flush();
        }
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.printf("client: produced %d records (%s, acks=all, RF 3, 6 partitions) in %d ms: %d records/s%n",
                count, codec, ms, count * 1000L / ms);
        Map<Integer, RecordMetadata> written = new HashMap<>();
        for (int i = 0; i < count; i++) {
            written.put(from + i, futures.get(i).get(0, TimeUnit.SECONDS));
        }
        return written;
    }

    private List<ConsumerRecord> consumeAll(String topic, int total, boolean fromLeaders) {
        List<ConsumerRecord> read = new ArrayList<>(total);
        long start = System.nanoTime();
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "earliest",
                "fetch.from.leaders", fromLeaders))) {
            consumer.assign(partitions(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (read.size() < total && System.nanoTime() < deadline) {
                List<ConsumerRecord> records = consumer.poll(Duration.ofSeconds(1));
                assertThat(records.size()).isLessThanOrEqualTo(500);
                read.addAll(records);
            }
            assertThat(consumer.poll(Duration.ofMillis(700))).as("nothing beyond what was written").isEmpty();
            ConsumerMetrics metrics = consumer.metrics();
            if (fromLeaders) {
                // The first answers come through the gateway, which names the leaders; the rest from them.
                assertThat(metrics.bytesFromLeaders()).as("bytes read from the leaders, of " + metrics.bytesConsumed())
                        .isGreaterThan(metrics.bytesConsumed() / 2);
            } else {
                assertThat(metrics.bytesFromLeaders()).as("bytes read from the leaders").isZero();
            }
        }
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.printf("client: consumed %d records (fetch.from.leaders=%s) in %d ms: %d records/s%n", read.size(), fromLeaders, ms, read.size() * 1000L / ms);
        return read;
    }

    @Test
    void adminCreatesDescribesListsAndDeletesTopics() throws Exception {
        admin.createTopic("admin-topic", 3, 3, Map.of("retention.ms", "3600000"));
        TopicInfo topic = admin.describeTopic("admin-topic");
        assertThat(topic.partitionCount()).isEqualTo(3);
        assertThat(topic.replicationFactor()).isEqualTo(3);
        assertThat(topic.configs()).containsEntry("retention.ms", "3600000");
        assertThat(topic.partitions()).allSatisfy(p -> {
            assertThat(p.replicas()).hasSize(3);
            assertThat(p.leader()).isBetween(1, 3);
        });
        assertThat(admin.describeConfigs("admin-topic")).containsEntry("retention.ms", "3600000").containsKey("segment.bytes");
        ClusterInfo clusterInfo = admin.describeCluster();
        assertThat(clusterInfo.nodes()).hasSize(3).allMatch(node -> node.up());

        assertThatThrownBy(() -> admin.createTopic("admin-topic", 1, 1, Map.of()))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOPIC_ALREADY_EXISTS));
        assertThatThrownBy(() -> admin.createTopic("bad/name", 1, 1, Map.of()))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TOPIC));

        long before = System.currentTimeMillis();
        try (Producer producer = Producer.create(Map.of("bootstrap.servers", bootstrap))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord("admin-topic", 1, null, null, ("v" + i).getBytes(StandardCharsets.UTF_8), null))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        TopicPartition one = new TopicPartition("admin-topic", 1);
        assertThat(admin.listOffsets(List.of(one), OffsetSpec.earliest())).containsEntry(one, 0L);
        assertThat(admin.listOffsets(List.of(one), OffsetSpec.latest())).containsEntry(one, 10L);
        assertThat(admin.listOffsets(List.of(one), OffsetSpec.forTimestamp(before))).containsEntry(one, 0L);

        admin.createPartitions("admin-topic", 4);
        assertThat(admin.describeTopic("admin-topic").partitionCount()).isEqualTo(4);
        admin.deleteTopic("admin-topic");
        assertThatThrownBy(() -> admin.describeTopic("admin-topic"))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }

    @Test
    void theConsumerSeeksResetsAndReportsPositions() throws Exception {
        admin.createTopic("positions", 1, 3, Map.of());
        TopicPartition partition = new TopicPartition("positions", 0);
        try (Producer producer = Producer.create(Map.of("bootstrap.servers", bootstrap, "linger.ms", 0))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord("positions", null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();

            try (Consumer latest = Consumer.create(Map.of("bootstrap.servers", bootstrap));
                 Consumer none = Consumer.create(Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "none",
                         "max.poll.records", 7))) {
                latest.assign(List.of(partition));
                assertThat(latest.position(partition)).as("auto.offset.reset=latest").isEqualTo(100);
                assertThat(latest.poll(Duration.ofMillis(300))).isEmpty();
                producer.send(new ProducerRecord("positions", null, "v100".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                assertThat(pollValues(latest, 1)).containsExactly("v100");

                none.assign(List.of(partition));
                assertThatThrownBy(() -> none.poll(Duration.ofSeconds(5)))
                        .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE))
                        .hasMessageContaining("auto.offset.reset=none");
                none.seek(partition, 42);
                List<ConsumerRecord> seven = none.poll(Duration.ofSeconds(10));
                assertThat(seven).hasSize(7);
                assertThat(seven.get(0).offset()).as("records below the position are skipped").isEqualTo(42);
                assertThat(none.position(partition)).isEqualTo(49);
                none.seek(partition, 1_000);
                assertThatThrownBy(() -> none.poll(Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
                none.seekToBeginning(List.of(partition));
                assertThat(none.position(partition)).isZero();
                none.seekToEnd(List.of(partition));
                assertThat(none.position(partition)).isEqualTo(101);
                assertThat(none.assignment()).containsExactly(partition);
            }
        }
    }

    @Test
    void failuresReachTheCallerWithTheirCodes() throws Exception {
        admin.createTopic("small", 2, 3, Map.of("max.message.bytes", "2000"));
        try (Producer producer = Producer.create(Map.of("bootstrap.servers", bootstrap, "max.block.ms", 5000))) {
            assertCode(producer.send(new ProducerRecord("no-such-topic", null, "x".getBytes(StandardCharsets.UTF_8))),
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no-such-topic");
            assertCode(producer.send(new ProducerRecord("small", 5, null, "x".getBytes(StandardCharsets.UTF_8))),
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition 5");
            assertCode(producer.send(new ProducerRecord("small", null, new byte[2 << 20])),
                    ErrorCode.MESSAGE_TOO_LARGE, "max.request.size");
            assertCode(producer.send(new ProducerRecord("small", 0, null, new byte[5000])),
                    ErrorCode.MESSAGE_TOO_LARGE, "");
            assertThat(producer.send(new ProducerRecord("small", 0, null, "fits".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS).offset()).as("the partition goes on after a refused batch").isZero();
        }
        assertThatThrownBy(() -> Producer.create(Map.of("bootstrap.servers", bootstrap, "acks", "1", "enable.idempotence", "true")))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG));
    }

    private static void assertCode(CompletableFuture<RecordMetadata> future, ErrorCode code, String message) {
        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(StrataClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static List<String> pollValues(Consumer consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (values.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord record : consumer.poll(Duration.ofSeconds(1))) {
                values.add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static List<TopicPartition> partitions(String topic) {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static boolean keyed(int seq) {
        return seq % 2 == 0;
    }

    private static byte[] key(int seq) {
        return ("key-" + (seq % 1000)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(String codec, int seq) {
        // ~100 bytes, compressible, with the sequence number up front.
        return (seq + ":" + codec + ":" + "payload-".repeat(11)).getBytes(StandardCharsets.UTF_8);
    }

    private static int seqOf(ConsumerRecord record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        return Integer.parseInt(value.substring(0, value.indexOf(':')));
    }
}
