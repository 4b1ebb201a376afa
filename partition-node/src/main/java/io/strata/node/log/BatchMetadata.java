package io.strata.node.log;

/**
 * What the log remembers of one appended batch of an idempotent producer, to recognise a retry
 * of it: its sequence numbers and the offsets it got (a retry is answered with these offsets).
 */
record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long maxTimestamp) {
}
