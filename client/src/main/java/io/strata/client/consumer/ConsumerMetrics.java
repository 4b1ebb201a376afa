package io.strata.client.consumer;

import io.strata.client.TopicPartition;

import java.util.Map;
import java.util.Set;

/**
 * A snapshot of a consumer's meters, as {@link Consumer#metrics()} takes it (the counterparts of
 * Kafka's consumer metrics {@code records-consumed-total}, {@code bytes-consumed-total},
 * {@code commit-latency}, {@code records-lag}). Totals count from the consumer's creation.
 * Immutable.
 *
 * @param recordsConsumed records poll returned
 * @param bytesConsumed   bytes of record batches fetched (as stored, compressed or not)
 * @param bytesFromLeaders the part of {@code bytesConsumed} read from the partitions' leaders
 *                        directly, not through the gateway ({@code fetch.from.leaders})
 * @param commits         offset commits that completed, succeeded or failed (auto-commits included)
 * @param commitNanos     their time in all, from being sent to the answer (so mean latency = commitNanos / commits)
 * @param lag             per assigned partition whose position and high watermark are known: the
 *                        high watermark of the last fetch answer minus the position (records not yet returned by poll)
 * @param paused          the assigned partitions paused now
 */
public record ConsumerMetrics(long recordsConsumed, long bytesConsumed, long bytesFromLeaders, long commits, long commitNanos,
                              Map<TopicPartition, Long> lag, Set<TopicPartition> paused) {

    public ConsumerMetrics {
        lag = Map.copyOf(lag);
        paused = Set.copyOf(paused);
    }
}
