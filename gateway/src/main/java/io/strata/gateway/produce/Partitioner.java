package io.strata.gateway.produce;

import org.apache.kafka.common.utils.Utils;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses a partition for a record that names none.
 *
 * <p>A keyed record goes where Kafka's clients send it: {@code toPositive(murmur2(key)) % partitions},
 * so a key lands on the same partition whichever client wrote it. Keyless records are sticky:
 * all keyless records of one request share a partition (one batch, one append), and successive
 * requests move round-robin over the partitions, so load spreads without splitting batches.
 *
 * <p>Thread-safe.
 */
public final class Partitioner {

    private final AtomicInteger nextSticky;

    public Partitioner(int seed) {
        this.nextSticky = new AtomicInteger(seed);
    }

    /** Kafka's partition for a key. */
    public static int forKey(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The partition the keyless records of one request share. */
    public int sticky(int partitions) {
        return Math.floorMod(nextSticky.getAndIncrement(), partitions);
    }
}
