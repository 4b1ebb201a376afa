package io.strata.cluster;

import io.strata.client.admin.Admin;
import io.strata.client.admin.PartitionInfo;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.client.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idempotent producer when acknowledgements are lost: a retried batch that the leader had
 * written already is recognised (same producer id and sequence) and not written again, so every
 * record is in the log exactly once, at dense offsets. (a) deterministically, an append that
 * outlasts the producer's request timeout (a follower of an acks=all topic stopped until the ISR
 * drops it); (b) the gateway SIGKILLed and restarted while the producer writes.
 */
class IdempotentProducerIT extends ClusterTest {

    private String bootstrap;

    private void startCluster() throws Exception {
        cluster = new TestCluster(dataDir).withProperty("partition-node", "strata.node.replica-lag-time-max", "4s")
                .startCore().start("gateway");
        bootstrap = "127.0.0.1:" + cluster.port("gateway");
    }

    @Test
    void aRetryOfAnAppendThatOutlivedTheRequestTimeoutIsNotWrittenTwice() throws Exception {
        startCluster();
        PartitionInfo partition;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopic("slow", 1, 3, Map.of("min.insync.replicas", "1"));
            partition = admin.describeTopic("slow").partitions().get(0);
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("request.timeout.ms", 1000);
        config.put("delivery.timeout.ms", 90_000);
        config.put("linger.ms", 0);
        try (Producer producer = Producer.create(config)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord("slow", 0, null, ClientTraffic.value(i))).get(60, TimeUnit.SECONDS);
            }
            int follower = partition.replicas().stream().filter(node -> node != partition.leader()).findFirst().orElseThrow();
            cluster.process("partition-node-" + follower).pause();
            try {
                long start = System.nanoTime();
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                for (int i = 10; i < 110; i++) {
                    futures.add(producer.send(new ProducerRecord("slow", 0, null, ClientTraffic.value(i))));
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.printf("idempotence: 100 records acknowledged %d ms after a follower stopped (request.timeout.ms=1000)%n", ms);
                assertThat(ms).as("the first attempt timed out and was retried at least once").isGreaterThan(2000);
                for (CompletableFuture<RecordMetadata> future : futures) {
                    assertThat(future).isCompleted().isNotCompletedExceptionally();
                }
            } finally {
                cluster.process("partition-node-" + follower).resume();
            }
        }
        assertEachValueOnceAtDenseOffsets(ClientTraffic.readAll(bootstrap, "slow"), 110);
    }

    @Test
    void aGatewayKilledWhileTheProducerWritesLosesNothingAndDuplicatesNothing() throws Exception {
        startCluster();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopic("through-a-crash", 1, 3, Map.of());
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("buffer.memory", 256 * 1024);
        config.put("request.timeout.ms", 5000);
        config.put("retry.backoff.max.ms", 500);
        ClientTraffic traffic = new ClientTraffic(Producer.create(config), "through-a-crash").start();
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> traffic.acknowledged().size() >= 2000);
            cluster.process("gateway").kill();
            int sentAtKill = traffic.sent();
            cluster.restart("gateway");
            await().atMost(Duration.ofSeconds(120)).until(() -> traffic.acknowledged().containsKey(sentAtKill + 2000));
            traffic.stopAndAwait(Duration.ofSeconds(150));
            assertThat(traffic.failures()).as("the producer's retries cover the gateway's restart").isEmpty();
        } finally {
            traffic.close();
        }
        List<ConsumerRecord> records = ClientTraffic.readAll(bootstrap, "through-a-crash");
        System.out.printf("idempotence: %d records sent across a gateway SIGKILL, %d in the log%n", traffic.sent(), records.size());
        Map<Integer, Long> offsetOf = assertEachValueOnceAtDenseOffsets(records, traffic.sent());
        traffic.acknowledged().forEach((seq, metadata) -> assertThat(offsetOf.get(seq)).as("acknowledged record %d", seq)
                .isEqualTo(metadata.offset()));
    }

    /** Each value-0 … value-(count−1) exactly once, at offsets 0 … count−1, in order. Returns value → offset. */
    private static Map<Integer, Long> assertEachValueOnceAtDenseOffsets(List<ConsumerRecord> records, int count) {
        Map<Integer, Long> offsetOf = new HashMap<>();
        for (ConsumerRecord record : records) {
            Long earlier = offsetOf.put(ClientTraffic.seqOf(record), record.offset());
            assertThat(earlier).as("%s written twice (offsets %s and %d)",
                    new String(record.value(), StandardCharsets.UTF_8), earlier, record.offset()).isNull();
        }
        assertThat(records.stream().map(ConsumerRecord::offset).toList()).as("dense offsets")
                .containsExactlyElementsOf(LongStream.range(0, records.size()).boxed().toList());
        assertThat(records.stream().map(ClientTraffic::seqOf).toList()).as("in the order sent")
                .isSorted().hasSize(count);
        return offsetOf;
    }
}
