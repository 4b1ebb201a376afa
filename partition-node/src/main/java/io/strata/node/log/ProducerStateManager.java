package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The idempotent producers of one partition log: for each producer id its epoch and its last
 * {@value ProducerStateEntry#CACHED_BATCHES} batches (Kafka's ProducerStateManager, without
 * transactions). It lets a leader recognise a producer's retry of a batch it already holds, and
 * refuse batches that would leave a gap in a producer's sequence.
 *
 * <p>A leader checks each batch that has a producer id, in request order, before anything is
 * written ({@link #checkLeaderAppend}):
 * <ol>
 *   <li>same epoch and same first and last sequence as a remembered batch → a <b>duplicate</b>:
 *       it is not written again and is answered with the offsets it got the first time;</li>
 *   <li>an epoch below the producer's → {@code INVALID_PRODUCER_EPOCH};</li>
 *   <li>an epoch above it → a new epoch, which must start at sequence 0, else
 *       {@code OUT_OF_ORDER_SEQUENCE_NUMBER};</li>
 *   <li>the same epoch → the first sequence must follow the producer's last one (wrapping after
 *       {@link Integer#MAX_VALUE}), else {@code OUT_OF_ORDER_SEQUENCE_NUMBER}: a gap, or an old
 *       sequence no longer remembered;</li>
 *   <li>an unknown producer must start at sequence 0 — unless the log may have lost it: once its
 *       start offset is above 0 (retention, or a follower starting over) a producer's batches may
 *       all be gone, and then any sequence is accepted, as Kafka does.</li>
 * </ol>
 * One refused batch refuses the whole request, and nothing of it is written. A request may carry
 * at most {@value ProducerStateEntry#CACHED_BATCHES} batches of one producer
 * ({@code INVALID_REQUEST} otherwise), so that a retried request is always recognised whole.
 *
 * <p>Requests mixing duplicates and new batches (a failover can leave the first batches of a
 * request on the new leader): the duplicates are skipped and the new batches appended, so every
 * batch is in the log exactly once. Such a request is still answered with one offset range, from
 * the first batch's offset to the last one's; it is exact when the new batches land right after
 * the duplicates, which holds unless another producer wrote in between.
 *
 * <p>Followers, and recovery, {@link #update} the state from the batches in log order without
 * checks, so every replica derives the same state from the same bytes and a follower that becomes
 * leader still recognises retries of what the old leader acknowledged.
 *
 * <p>A producer is forgotten only when retention removes all its batches
 * ({@link #removeBefore}); there is no expiry by time. Each costs about 400 bytes of heap.
 *
 * <p>Thread-safety: none; owned by one {@link PartitionLog} and used under its write lock, so a
 * check and the append it admits cannot interleave with another append.
 */
final class ProducerStateManager {

    private final String partition;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

    /** @param partition names the log in error messages */
    ProducerStateManager(String partition) {
        this.partition = partition;
    }

    /**
     * Checks the batches of one leader append (in request order) against the producers' state
     * and each other, without changing the state.
     *
     * @param batches             every batch of the request; those without a producer id are passed over
     * @param producersMayBeLost  whether an unknown producer may be one whose batches the log deleted
     * @return the duplicates among them, with the offsets they were first appended at
     * @throws StrataException OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH or INVALID_REQUEST
     */
    DuplicateBatches checkLeaderAppend(List<ProducerBatch> batches, boolean producersMayBeLost) {
        BatchMetadata[] originals = null;
        Map<Long, Staged> staged = batches.size() > 1 ? new HashMap<>() : null;
        for (int i = 0; i < batches.size(); i++) {
            ProducerBatch batch = batches.get(i);
            if (!batch.hasProducerId()) {
                continue;
            }
            Staged earlier = staged == null ? null : staged.computeIfAbsent(batch.producerId(), id -> new Staged());
            if (earlier != null && ++earlier.batches > ProducerStateEntry.CACHED_BATCHES) {
                throw tooManyBatches(batch);
            }
            if (earlier != null && earlier.entry != null) {
                checkSequence(earlier.entry, batch, false);
                earlier.entry = earlier.entry.withBatch(batch);
                continue;
            }
            ProducerStateEntry entry = producers.get(batch.producerId());
            BatchMetadata original = entry == null ? null : entry.duplicateOf(batch);
            if (original != null) {
                originals = originals == null ? new BatchMetadata[batches.size()] : originals;
                originals[i] = original;
                continue;
            }
            checkSequence(entry, batch, producersMayBeLost);
            if (earlier != null) {
                earlier.entry = entry == null ? ProducerStateEntry.first(batch) : entry.withBatch(batch);
            }
        }
        return originals == null ? DuplicateBatches.NONE : DuplicateBatches.of(originals);
    }

    private void checkSequence(ProducerStateEntry entry, ProducerBatch batch, boolean producersMayBeLost) {
        if (entry == null) {
            if (batch.firstSeq() != 0 && !producersMayBeLost) {
                throw outOfOrder(batch, "this partition does not know the producer, so its first batch must start at "
                        + "sequence 0");
            }
            return;
        }
        if (batch.producerEpoch() < entry.epoch()) {
            throw new StrataException(ErrorCode.INVALID_PRODUCER_EPOCH, "producer " + batch.producerId()
                    + " sent a batch at epoch " + batch.producerEpoch() + " to " + partition
                    + ", which already has epoch " + entry.epoch() + " of it");
        }
        if (batch.producerEpoch() > entry.epoch()) {
            if (batch.firstSeq() != 0) {
                throw outOfOrder(batch, "a new epoch must start at sequence 0 (the last epoch was " + entry.epoch() + ")");
            }
            return;
        }
        if (!ProducerBatch.follows(entry.lastSeq(), batch.firstSeq())) {
            throw outOfOrder(batch, "expected sequence " + (entry.lastSeq() == Integer.MAX_VALUE ? 0 : entry.lastSeq() + 1)
                    + " after the last appended batch (" + entry.last().firstSeq() + ".." + entry.lastSeq() + ")");
        }
    }

    private StrataException outOfOrder(ProducerBatch batch, String why) {
        return new StrataException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + batch.producerId() + " at epoch "
                + batch.producerEpoch() + " sent sequence " + batch.firstSeq() + ".." + batch.lastSeq() + " to "
                + partition + ": " + why);
    }

    private StrataException tooManyBatches(ProducerBatch batch) {
        return new StrataException(ErrorCode.INVALID_REQUEST, "the append to " + partition + " carries more than "
                + ProducerStateEntry.CACHED_BATCHES + " batches of producer " + batch.producerId()
                + "; only that many are remembered to recognise a retry");
    }

    /** Records a batch the log now holds (a leader's new batch once written, a follower's, or one replayed on load). */
    void update(ProducerBatch batch) {
        if (!batch.hasProducerId()) {
            return;
        }
        ProducerStateEntry entry = producers.get(batch.producerId());
        producers.put(batch.producerId(), entry == null ? ProducerStateEntry.first(batch) : entry.withBatch(batch));
    }

    /** Forgets the producers whose every batch is below the log start offset (retention deleted them). */
    void removeBefore(long logStartOffset) {
        producers.values().removeIf(entry -> entry.lastOffset() < logStartOffset);
    }

    void clear() {
        producers.clear();
    }

    /** Replaces the state by {@code entries} (from a snapshot). */
    void load(Collection<ProducerStateEntry> entries) {
        producers.clear();
        for (ProducerStateEntry entry : entries) {
            producers.put(entry.producerId(), entry);
        }
    }

    Optional<ProducerStateEntry> producer(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** Every producer's entry (a copy: entries are immutable). */
    List<ProducerStateEntry> entries() {
        return new ArrayList<>(producers.values());
    }

    /** A producer's batches seen so far in one request, and its entry as it would be after its new ones. */
    private static final class Staged {
        int batches;
        ProducerStateEntry entry;
    }
}
