package io.strata.node.log;

import java.util.List;

/**
 * One idempotent producer as a partition log knows it: its current epoch and its last
 * {@value #CACHED_BATCHES} batches at that epoch, oldest first (Kafka's ProducerStateEntry).
 *
 * <p>Invariants: 1 to {@value #CACHED_BATCHES} batches, all written at {@code epoch}, in log
 * order, each one's first sequence following the previous one's last. A batch at another epoch
 * starts the entry over with that batch alone (an epoch bump resets the sequence to 0).
 *
 * <p>Immutable: an append makes a new entry, so a check can stage entries for a request and
 * drop them when the request is refused.
 */
record ProducerStateEntry(long producerId, short epoch, List<BatchMetadata> batches) {

    /**
     * How many batches per producer are remembered for deduplication: Kafka's number, which is
     * also the most batches of one producer a request may carry (a retried request must be
     * recognised whole).
     */
    static final int CACHED_BATCHES = 5;

    ProducerStateEntry {
        batches = List.copyOf(batches);
        if (batches.isEmpty() || batches.size() > CACHED_BATCHES) {
            throw new IllegalArgumentException("producer " + producerId + " must have 1 to " + CACHED_BATCHES
                    + " batches, not " + batches.size());
        }
    }

    static ProducerStateEntry first(ProducerBatch batch) {
        return new ProducerStateEntry(batch.producerId(), batch.producerEpoch(), List.of(batch.metadata()));
    }

    /** This entry after {@code batch} was appended: the oldest batch drops out beyond the cache size. */
    ProducerStateEntry withBatch(ProducerBatch batch) {
        if (batch.producerEpoch() != epoch) {
            return first(batch);
        }
        int kept = Math.min(batches.size(), CACHED_BATCHES - 1);
        BatchMetadata[] next = new BatchMetadata[kept + 1];
        for (int i = 0; i < kept; i++) {
            next[i] = batches.get(batches.size() - kept + i);
        }
        next[kept] = batch.metadata();
        return new ProducerStateEntry(producerId, epoch, List.of(next));
    }

    /** The remembered batch {@code batch} repeats (same epoch and sequence range), or null. */
    BatchMetadata duplicateOf(ProducerBatch batch) {
        if (batch.producerEpoch() != epoch) {
            return null;
        }
        for (BatchMetadata cached : batches) {
            if (cached.firstSeq() == batch.firstSeq() && cached.lastSeq() == batch.lastSeq()) {
                return cached;
            }
        }
        return null;
    }

    BatchMetadata last() {
        return batches.get(batches.size() - 1);
    }

    int lastSeq() {
        return last().lastSeq();
    }

    long lastOffset() {
        return last().lastOffset();
    }
}
