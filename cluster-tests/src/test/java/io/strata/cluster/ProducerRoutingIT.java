package io.strata.cluster;

import io.strata.client.admin.Admin;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.producer.Producer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java client through a leader failover: while a producer writes continuously with acks=all
 * to an RF 3 topic, the partition's leader is SIGKILLed (and restarted later). The gateway and
 * the producer retry across the move, so no send fails, and every acknowledged record is in the
 * log at the offset it was acknowledged with, in the order it was sent.
 */
class ProducerRoutingIT extends ClusterTest {

    private static final String TOPIC = "routed";

    @Test
    void aKilledLeaderCostsTheProducerNoFailedSendAndNoAcknowledgedRecord() throws Exception {
        cluster = new TestCluster(dataDir).withProperty("partition-node", "strata.node.replica-lag-time-max", "3s")
                .startCore().start("gateway");
        String bootstrap = "127.0.0.1:" + cluster.port("gateway");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeCluster().controllerId() > 0);
            admin.createTopic(TOPIC, 1, 3, Map.of("min.insync.replicas", "2"));

            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", bootstrap);
            config.put("buffer.memory", 256 * 1024);
            ClientTraffic traffic = new ClientTraffic(Producer.create(config), TOPIC).start();
            int leader;
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> traffic.acknowledged().size() >= 2000);
                leader = admin.describeTopic(TOPIC).partitions().get(0).leader();
                long killedNanos = System.nanoTime();
                cluster.process("partition-node-" + leader).kill();
                int firstAfterKill = traffic.sent() + 1;
                await().atMost(Duration.ofSeconds(60)).until(() -> traffic.ackNanos(firstAfterKill) != null);
                System.out.printf("routing: SIGKILL of leader %d -> first acknowledgement of a record sent after it: %d ms%n",
                        leader, (traffic.ackNanos(firstAfterKill) - killedNanos) / 1_000_000);
                await().atMost(Duration.ofSeconds(60)).until(() -> traffic.acknowledged().containsKey(firstAfterKill + 2000));
                traffic.stopAndAwait(Duration.ofSeconds(150));
                assertThat(traffic.failures()).as("no send failed across the leader's move").isEmpty();
            } finally {
                traffic.close();
            }
            int newLeader = admin.describeTopic(TOPIC).partitions().get(0).leader();
            assertThat(newLeader).isNotEqualTo(leader).isPositive();

            cluster.restart("partition-node-" + leader);
            await().atMost(Duration.ofSeconds(90)).until(() -> admin.describeTopic(TOPIC).partitions().get(0).isr().size() == 3);

            List<ConsumerRecord> records = ClientTraffic.readAll(bootstrap, TOPIC);
            System.out.printf("routing: %d records sent, %d in the log%n", traffic.sent(), records.size());
            assertThat(records.stream().map(ConsumerRecord::offset).toList()).as("dense offsets")
                    .containsExactlyElementsOf(LongStream.range(0, records.size()).boxed().toList());
            assertThat(records.stream().map(ClientTraffic::seqOf).toList()).as("in the order sent, each once")
                    .isSorted().doesNotHaveDuplicates().hasSize(traffic.sent());
            Map<Long, Integer> seqAt = new HashMap<>();
            records.forEach(record -> seqAt.put(record.offset(), ClientTraffic.seqOf(record)));
            traffic.acknowledged().forEach((seq, metadata) ->
                    assertThat(seqAt.get(metadata.offset())).as("acknowledged record %d", seq).isEqualTo(seq));
        }
    }
}
