package io.strata.client.producer;

import java.util.function.IntUnaryOperator;

/**
 * Where keyless records of one topic go, as Kafka's built-in sticky partitioner does it (KIP-794):
 * they all go to one partition until about {@code batch.size} bytes have been sent there, then to
 * another partition chosen at random (not the same one when there are several). Batches fill up
 * instead of many partitions getting a small batch each.
 *
 * <p>Thread-safe (a monitor; a send holds it for a few instructions).
 */
final class StickyPartition {

    private final int stickyBytes;
    /** Returns a random int in [0, bound). */
    private final IntUnaryOperator random;
    private int current = -1;
    private long producedBytes;

    StickyPartition(int stickyBytes, IntUnaryOperator random) {
        this.stickyBytes = Math.max(1, stickyBytes);
        this.random = random;
    }

    /** The partition for a keyless record of {@code recordBytes} in a topic of {@code partitions}. */
    synchronized int next(int partitions, int recordBytes) {
        if (current < 0 || current >= partitions || producedBytes >= stickyBytes) {
            current = choose(partitions);
            producedBytes = 0;
        }
        producedBytes += recordBytes;
        return current;
    }

    private int choose(int partitions) {
        if (partitions == 1 || current < 0 || current >= partitions) {
            return random.applyAsInt(partitions);
        }
        // Any partition but the current one, uniformly.
        int pick = random.applyAsInt(partitions - 1);
        return pick >= current ? pick + 1 : pick;
    }
}
