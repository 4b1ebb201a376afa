package io.strata.client.consumer;

import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.config.ConsumerConfig.OffsetReset;

import java.util.ArrayDeque;

/**
 * The fetch state of one assigned partition. {@code position} is the next offset poll hands out;
 * {@code fetchOffset} the next offset to fetch, ahead of the position by what is buffered or in
 * flight. Invariant: position ≤ fetchOffset while the position is known. {@code epoch} changes on
 * every seek, reset or unassignment, and answers to a fetch of an older epoch are dropped, so a
 * seek is never undone by a fetch that was under way. A paused partition starts no fetch and
 * hands nothing to poll; an answer that was already under way is buffered and kept for its resume.
 *
 * <p>Guarded by the {@link Fetcher}'s lock.
 */
final class PartitionFetchState {

    static final long UNKNOWN = -1;

    final TopicPartition partition;
    long position = UNKNOWN;
    long fetchOffset = UNKNOWN;
    /** The high watermark of the last answer of the current epoch; UNKNOWN before one. */
    long highWatermark = UNKNOWN;
    /** How to find the position when it is unknown; null while it is known. */
    OffsetReset reset;
    int epoch;
    boolean fetchInFlight;
    boolean resetInFlight;
    final ArrayDeque<CompletedFetch> buffered = new ArrayDeque<>();
    int bufferedBytes;
    long notBeforeNanos;
    int failures;
    /** A failure poll reports once. */
    StrataClientException error;
    /** Set after OFFSET_OUT_OF_RANGE with auto.offset.reset=none: no fetching until the application seeks. */
    boolean awaitingSeek;
    /**
     * Paused by the application: not fetched and not returned by poll, position and buffered
     * answers kept, until resumed. Survives seeks and resets; gone with the partition's state when
     * the partition is unassigned or revoked.
     */
    boolean paused;
    /** The leader the last fetch answer named (−1 before one): fetches are grouped by it, one request per leader. */
    int leaderHint = -1;

    PartitionFetchState(TopicPartition partition, OffsetReset reset) {
        this.partition = partition;
        this.reset = reset;
    }

    boolean hasPosition() {
        return position != UNKNOWN && reset == null;
    }

    /** Forgets what is buffered or in flight; a new epoch begins. */
    int restart() {
        epoch++;
        // A fetch under way is left to finish and its answer dropped (its epoch is old): cancelling
        // it would reset its HTTP/2 stream, which the gateway's server has been seen to answer by
        // closing the whole connection.
        fetchInFlight = false;
        resetInFlight = false;
        buffered.clear();
        bufferedBytes = 0;
        notBeforeNanos = 0;
        failures = 0;
        awaitingSeek = false;
        return epoch;
    }
}
