package io.strata.node.log;

/**
 * Which batches of one leader append repeat batches the log already holds, and the offsets those
 * got the first time (by the batch's index in the request). Made by
 * {@link ProducerStateManager#checkLeaderAppend}; the other batches are new.
 */
final class DuplicateBatches {

    static final DuplicateBatches NONE = new DuplicateBatches(new BatchMetadata[0], 0);

    private final BatchMetadata[] originals;
    private final int count;

    private DuplicateBatches(BatchMetadata[] originals, int count) {
        this.originals = originals;
        this.count = count;
    }

    /** @param originals by batch index: the remembered batch it repeats, or null for a new batch (kept, not copied) */
    static DuplicateBatches of(BatchMetadata[] originals) {
        int count = 0;
        for (BatchMetadata original : originals) {
            if (original != null) {
                count++;
            }
        }
        return count == 0 ? NONE : new DuplicateBatches(originals, count);
    }

    int count() {
        return count;
    }

    boolean isDuplicate(int index) {
        return index < originals.length && originals[index] != null;
    }

    /** The batch that {@code index} repeats, as first appended. */
    BatchMetadata original(int index) {
        return originals[index];
    }
}
