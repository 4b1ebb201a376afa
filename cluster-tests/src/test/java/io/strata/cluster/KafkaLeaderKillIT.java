package io.strata.cluster;

import io.strata.api.v1.PartitionDescription;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An unmodified, idempotent Kafka producer (acks=all, default retries and delivery timeout) keeps
 * writing to a replication-factor-3 topic through Strata's Kafka listeners while the leader of
 * partition 0 is SIGKILLed: the client finds the new leader through Metadata and retries, and
 * afterwards every acknowledged record is in the log exactly once, at the partition and offset it
 * was acknowledged at, with no value written twice.
 */
class KafkaLeaderKillIT {

    private static final String TOPIC = "kill-leader";
    private static final int PARTITIONS = 3;
    private static final int ACKS_BEFORE_KILL = 2_000;
    private static final int PARTITION_0_ACKS_AFTER_KILL = 1_000;

    /** Kept when the test fails: the nodes' logs are under logs/ in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;
    private TestCluster cluster;

    /** Where a value was acknowledged: "partition@offset". */
    private final ConcurrentMap<String, String> acked = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> errors = new ConcurrentHashMap<>();

    @AfterEach
    void stopCluster() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesTheLeadersDeathExactlyOnce() throws Exception {
        System.out.println("cluster data and logs (kept if the test fails): " + dataDir);
        cluster = new TestCluster(dataDir).withProperty("partition-node", "strata.node.replica-lag-time-max", "4s")
                .startCore();
        String bootstrap = cluster.kafkaBootstrap();
        try (Admin admin = KafkaTestClients.admin(bootstrap)) {
            KafkaTestClients.createTopic(admin, TOPIC, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        }
        MetadataProbe metadata = new MetadataProbe(cluster.channel("metadata-service"));
        // The followers must be in the ISR before the kill, or acks=all would stall on a shrunken ISR.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (PartitionDescription partition : metadata.partitions(TOPIC).values()) {
                assertThat(partition.getIsrList()).as("ISR of " + TOPIC + "-" + partition.getPartition()).hasSize(3);
            }
        });

        Map<String, Object> config = KafkaTestClients.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        AtomicInteger sent = new AtomicInteger();
        AtomicLong killedAtAck = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger partition0AcksAfterKill = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(2_000);
        AtomicInteger ackCount = new AtomicInteger();
        int victim;
        long killNanos;
        long firstAckAfterKillNanos;
        AtomicLong firstPartition0AckAfterKill = new AtomicLong();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            Thread writer = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    try {
                        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    String value = "value-" + i;
                    int partition = i % PARTITIONS;
                    producer.send(new ProducerRecord<>(TOPIC, partition, null, value), (metadataOfRecord, exception) -> {
                        inFlight.release();
                        if (exception != null) {
                            errors.merge(exception.getClass().getSimpleName() + ": " + exception.getMessage(), 1, Integer::sum);
                            return;
                        }
                        String previous = acked.put(value, metadataOfRecord.partition() + "@" + metadataOfRecord.offset());
                        if (previous != null) {
                            errors.merge("acknowledged twice: " + value, 1, Integer::sum);
                        }
                        int n = ackCount.incrementAndGet();
                        if (n > killedAtAck.get() && metadataOfRecord.partition() == 0
                                && partition0AcksAfterKill.incrementAndGet() == 1) {
                            firstPartition0AckAfterKill.set(System.nanoTime());
                        }
                    });
                    sent.incrementAndGet();
                    i++;
                }
            }, "kafka-leader-kill-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(ackCount.get())
                        .as("acknowledgements before the kill; send errors " + errors).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL));
                assertThat(errors).as("send errors before the kill").isEmpty();

                victim = metadata.partitions(TOPIC).get(0).getLeader();
                assertThat(victim).as("leader of " + TOPIC + "-0").isIn(1, 2, 3);
                killedAtAck.set(ackCount.get());
                killNanos = System.nanoTime();
                cluster.process(ElectionAwaits.service(victim)).kill();
                System.out.printf("killed node %d (leader of %s-0) after %d acknowledgements%n", victim, TOPIC, killedAtAck.get());

                await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(partition0AcksAfterKill.get())
                        .as("acknowledgements from " + TOPIC + "-0 after the kill; send errors " + errors)
                        .isGreaterThanOrEqualTo(PARTITION_0_ACKS_AFTER_KILL));
                firstAckAfterKillNanos = firstPartition0AckAfterKill.get();
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            producer.flush();
        }
        System.out.printf("producer: %d sent, %d acknowledged, partition 0 writable again %d ms after the kill, errors %s%n",
                sent.get(), acked.size(), TimeUnit.NANOSECONDS.toMillis(firstAckAfterKillNanos - killNanos), errors);
        assertThat(metadata.partitions(TOPIC).get(0).getLeader()).as("new leader of " + TOPIC + "-0")
                .isNotEqualTo(victim).isNotEqualTo(-1);

        Map<Integer, List<ConsumerRecord<String, String>>> log = KafkaTestClients.readAll(cluster.kafkaBootstrap(), TOPIC, acked.size());
        Map<String, String> found = new HashMap<>();
        Map<String, List<String>> duplicates = new TreeMap<>();
        for (List<ConsumerRecord<String, String>> records : log.values()) {
            for (ConsumerRecord<String, String> record : records) {
                String where = record.partition() + "@" + record.offset();
                String previous = found.put(record.value(), where);
                if (previous != null) {
                    duplicates.computeIfAbsent(record.value(), v -> new ArrayList<>(List.of(previous))).add(where);
                }
            }
        }
        assertThat(duplicates).as("values written more than once").isEmpty();
        List<String> lost = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        acked.forEach((value, where) -> {
            String at = found.get(value);
            if (at == null) {
                lost.add(value + " (acknowledged at " + where + ")");
            } else if (!at.equals(where)) {
                moved.add(value + " acknowledged at " + where + ", in the log at " + at);
            }
        });
        assertThat(lost).as("acknowledged records missing from the log").isEmpty();
        assertThat(moved).as("acknowledged records at another offset").isEmpty();
        System.out.printf("log: %d records, %d acknowledged, %d unacknowledged records written%n",
                found.size(), acked.size(), found.size() - acked.size());
    }
}
