package io.strata.adminui.search;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition a key was produced to: {@code toPositive(murmur2(key)) % partitions}, Kafka's
 * default partitioner, as the gateway and every Kafka client pick it, so a key search reads one
 * partition instead of all. True only while the topic has the partition count it had when the
 * record was produced (adding partitions moves keys), which the search page says. Pure.
 */
public final class KeyPartition {

    private KeyPartition() {
    }

    /** The partition of a key typed as text (its UTF-8 bytes), of a topic with {@code partitions} partitions. */
    public static int of(String key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
