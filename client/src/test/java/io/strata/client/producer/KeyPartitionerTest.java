package io.strata.client.producer;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyPartitionerTest {

    @Test
    void choosesThePartitionKafkasProducerChoosesForSampleKeys() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = i % 2 == 0 ? ("key-" + i).getBytes(StandardCharsets.UTF_8) : randomBytes(random, i % 64);
            int partitions = 1 + random.nextInt(200);
            int kafkas = Utils.toPositive(Utils.murmur2(key)) % partitions;
            assertThat(KeyPartitioner.partition(key, partitions)).as("key #%d, %d partitions", i, partitions)
                    .isEqualTo(kafkas)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void aKeyWhoseHashIsNegativeStillGetsAValidPartition() {
        // murmur2 of many keys is negative; toPositive (not Math.abs) keeps Kafka's choice.
        byte[] key = findKeyWithNegativeHash();
        assertThat(Utils.murmur2(key)).isNegative();
        assertThat(KeyPartitioner.partition(key, 7)).isEqualTo((Utils.murmur2(key) & 0x7fffffff) % 7);
    }

    @Test
    void refusesAnEmptyTopic() {
        assertThatThrownBy(() -> KeyPartitioner.partition(new byte[]{1}, 0)).hasMessageContaining("got 0");
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] findKeyWithNegativeHash() {
        for (int i = 0; ; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            if (Utils.murmur2(key) < 0) {
                return key;
            }
        }
    }
}
