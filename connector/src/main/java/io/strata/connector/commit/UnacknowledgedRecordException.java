package io.strata.connector.commit;

import io.strata.client.TopicPartition;

/**
 * The throttled commit strategy's report that a record waited longer than
 * {@code throttled.unprocessed-record-max-age.ms} for its acknowledgement: nothing after it can be
 * committed, so the channel is failed rather than letting the committed offset stall in silence
 * (smallrye-kafka's answer to the same situation).
 */
public final class UnacknowledgedRecordException extends RuntimeException {

    public UnacknowledgedRecordException(TopicPartition partition, long offset, long waitedMs, long maxAgeMs) {
        super("the record at offset " + offset + " of " + partition + " has waited " + waitedMs
                + " ms for its acknowledgement, more than throttled.unprocessed-record-max-age.ms=" + maxAgeMs
                + "; nothing after it can be committed. Acknowledge (or nack) every message, or raise the limit"
                + " (0 turns the check off)");
    }
}
