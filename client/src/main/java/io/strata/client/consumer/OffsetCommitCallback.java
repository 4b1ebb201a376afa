package io.strata.client.consumer;

import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;

import java.util.Map;

/**
 * Told when an asynchronous commit ({@link Consumer#commitAsync}) is done. Called on the thread
 * that polls, inside {@code poll}, {@code commitSync} or {@code close}, in the order the commits
 * were made, as Kafka's consumer calls its commit callbacks.
 */
@FunctionalInterface
public interface OffsetCommitCallback {

    /**
     * @param offsets   the offsets that were to be committed (the next offset to read, per partition)
     * @param exception null when they were committed; else why not (the group's refusal or a transport failure)
     */
    void onComplete(Map<TopicPartition, Long> offsets, StrataClientException exception);
}
