package io.strata.node.log;

/** A record found by timestamp: its offset and its own timestamp (at or after the one asked for). */
public record TimestampOffset(long offset, long timestamp) {
}
