package io.strata.client.producer;

import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a keyed record: {@code toPositive(murmur2(key)) % partitions}, exactly as
 * Kafka's producers compute it, so that a key lands on the same partition whichever client (Kafka,
 * REST through the gateway, this one) wrote it.
 */
public final class KeyPartitioner {

    private KeyPartitioner() {
    }

    public static int partition(byte[] key, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partition count must be positive, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
