package io.strata.node.log;

/** The end of a leader epoch in a log: the largest epoch at most the one asked for, and the offset where it ends. */
public record EpochEndOffset(int epoch, long endOffset) {
}
