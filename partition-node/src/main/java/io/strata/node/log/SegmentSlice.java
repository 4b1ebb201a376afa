package io.strata.node.log;

/**
 * Whole batches in one segment's file, found by their headers alone: from byte {@code position},
 * batches of {@code batchSizes} bytes in log order (at least one), under a {@code lease} that keeps
 * the file open. Owned by the {@link LogSlice} it goes into.
 */
record SegmentSlice(FileHandles.Lease lease, int position, int[] batchSizes) {
}
