package io.strata.connector.inbound;

import io.strata.connector.commit.CommitStrategy;
import io.strata.connector.failure.FailureStrategy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An incoming channel's settings, checked, as the connector read them from the channel's
 * attributes. Exactly one of {@code topics} (non-empty) and {@code pattern} is set.
 * {@code clientConfig} is what the Strata consumer is created with (bootstrap.servers, group.id,
 * and every Kafka-style consumer key the channel sets). Immutable.
 *
 * @param batch        one message per partition per poll, carrying the list of its records' values
 * @param maxQueueSize records polled and not yet requested by the application before the channel's
 *                     partitions are paused ({@code max.poll.records × max-queue-size-factor})
 */
public record SourceSettings(String channel, List<String> topics, Pattern pattern, CommitStrategy commitStrategy,
                             FailureStrategy failureStrategy, String deadLetterTopic, long commitIntervalMs,
                             long unprocessedRecordMaxAgeMs, long pollTimeoutMs, boolean pauseIfNoRequests,
                             int maxQueueSize, boolean gracefulShutdown, String keyDeserializer,
                             String valueDeserializer, boolean batch, Map<String, Object> clientConfig) {

    public SourceSettings {
        topics = topics == null ? List.of() : List.copyOf(topics);
        if (topics.isEmpty() == (pattern == null)) {
            throw new IllegalArgumentException("channel " + channel + ": give either topics or a pattern");
        }
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("channel " + channel + ": the queue bound must be 1 or more, got " + maxQueueSize);
        }
        clientConfig = Map.copyOf(clientConfig);
    }
}
