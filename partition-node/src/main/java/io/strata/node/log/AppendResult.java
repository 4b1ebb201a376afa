package io.strata.node.log;

/** What an append did: the offsets the records got and how much was written. */
public record AppendResult(long firstOffset, long lastOffset, int recordCount, int sizeInBytes, long logStartOffset) {
}
