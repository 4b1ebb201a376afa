package io.strata.kafka.backend;

import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The replicas this node leads, as the Kafka data plane (Produce, Fetch, ListOffsets,
 * OffsetForLeaderEpoch, DeleteRecords) needs them: the same logs the gRPC data plane serves, with no extra hop.
 *
 * <p>Every method answers with a stage and never blocks its caller (an event loop); disk work runs
 * elsewhere. A stage fails with {@link io.strata.api.error.StrataException}: NOT_LEADER_OR_FOLLOWER
 * when this node does not lead the partition, UNKNOWN_TOPIC_OR_PARTITION when it holds no replica,
 * FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH when the client's epoch is older / newer than the
 * leader's, and the log's own codes for a refused batch.
 */
public interface LocalPartitions {

    /**
     * Appends a producer's record batches to the leader replica.
     *
     * @param acks 0 or 1: answer once written to the leader's log; −1: once the high watermark
     *             covers the batch (every in-sync replica has it)
     */
    CompletionStage<Appended> append(TopicPartition partition, ByteBuffer records, short acks, int timeoutMs);

    /** Reads whole batches from {@code offset}, at most {@code maxBytes} (but at least one batch), never past the high watermark. */
    CompletionStage<Fetched> read(TopicPartition partition, long offset, int maxBytes, Optional<Integer> currentLeaderEpoch);

    /**
     * As {@link #read}, for a connection that can write a file to its socket (plaintext): the
     * answer may give the batches' place in their file ({@link Fetched#file()}) instead of their
     * bytes, and the caller then owns that reference ({@link FileBatches}). By default, the bytes.
     */
    default CompletionStage<Fetched> readToSend(TopicPartition partition, long offset, int maxBytes,
                                                Optional<Integer> currentLeaderEpoch) {
        return read(partition, offset, maxBytes, currentLeaderEpoch);
    }

    /** Completes (on any thread) at the next append or high-watermark move on any of the partitions led here. */
    CompletionStage<Void> nextChange(Collection<TopicPartition> partitions);

    /**
     * An offset by Kafka's ListOffsets rules: {@code timestamp} −1 latest (the high watermark), −2
     * earliest (log start), −3 the record with the largest timestamp, ≥ 0 the first record at or after
     * it (empty when there is none).
     */
    CompletionStage<Optional<TimestampedOffset>> listOffset(TopicPartition partition, long timestamp, Optional<Integer> currentLeaderEpoch);

    /** The end offset of {@code epoch} in the leader's log (Kafka's OffsetForLeaderEpoch). */
    CompletionStage<EpochEnd> endOffsetForEpoch(TopicPartition partition, Optional<Integer> currentLeaderEpoch, int epoch);

    /**
     * Kafka's DeleteRecords: moves the leader's log start offset to {@code offset} (−1: the high
     * watermark) and completes with the low watermark once every in-sync replica has deleted up to
     * there, or fails with REQUEST_TIMED_OUT after {@code timeoutMs}; OFFSET_OUT_OF_RANGE for an
     * offset past the high watermark.
     */
    CompletionStage<Long> deleteRecords(TopicPartition partition, long offset, int timeoutMs);

    /** Where an append landed. */
    record Appended(long baseOffset, long logStartOffset) {
    }

    /**
     * What one read found: the batches' bytes in {@code records} (read-only, may be empty), or,
     * from {@link #readToSend}, their place in a file in {@code file} (then {@code records} is null).
     */
    record Fetched(ByteBuffer records, FileBatches file, long highWatermark, long logStartOffset, int leaderEpoch) {

        public Fetched {
            if ((records == null) == (file == null)) {
                throw new IllegalArgumentException("a read has either its records' bytes or their file, not both or neither");
            }
        }

        public Fetched(ByteBuffer records, long highWatermark, long logStartOffset, int leaderEpoch) {
            this(records, null, highWatermark, logStartOffset, leaderEpoch);
        }

        public int sizeInBytes() {
            return file != null ? file.sizeInBytes() : records.remaining();
        }
    }

    record TimestampedOffset(long offset, long timestamp, int leaderEpoch) {
    }

    record EpochEnd(int epoch, long endOffset) {
    }
}
