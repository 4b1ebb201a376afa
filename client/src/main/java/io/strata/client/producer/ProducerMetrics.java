package io.strata.client.producer;

/**
 * A snapshot of a producer's meters, as {@link Producer#metrics()} takes it (Kafka's producer
 * metrics {@code record-send-total} and {@code record-error-total}). Totals count from the
 * producer's creation. Immutable.
 *
 * @param recordsSent   records the cluster acknowledged (at the producer's acks)
 * @param recordsFailed records whose send failed (refused, timed out, too large, …)
 */
public record ProducerMetrics(long recordsSent, long recordsFailed) {
}
