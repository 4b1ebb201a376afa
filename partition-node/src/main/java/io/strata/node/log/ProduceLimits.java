package io.strata.node.log;

/**
 * What a leader holds a producer's batches to beyond their structure, fixed for one append:
 * their size, how far their records may be decompressed, and the window their CreateTime
 * timestamps must fall in around the leader's clock ({@code nowMs}).
 *
 * @param maxMessageBytes            {@code max.message.bytes}: the largest batch, as sent
 * @param maxDecompressedBatchBytes  {@code strata.node.max-decompressed-batch-bytes}
 * @param timestampBeforeMaxMs       {@code message.timestamp.before.max.ms}
 * @param timestampAfterMaxMs        {@code message.timestamp.after.max.ms}
 * @param nowMs                      the leader's clock when the append arrived
 * @param keysRequired               {@code cleanup.policy} includes compact: every record needs a key
 */
record ProduceLimits(int maxMessageBytes, long maxDecompressedBatchBytes, long timestampBeforeMaxMs,
                     long timestampAfterMaxMs, long nowMs, boolean keysRequired) {

    static ProduceLimits of(LogConfig config, long nowMs) {
        return new ProduceLimits(config.maxMessageBytes(), config.maxDecompressedBatchBytes(),
                config.messageTimestampBeforeMaxMs(), config.messageTimestampAfterMaxMs(), nowMs, config.compacts());
    }

    /** The earliest CreateTime accepted (the clock is never near Long.MIN_VALUE, so this cannot overflow). */
    long earliestTimestamp() {
        return nowMs - timestampBeforeMaxMs;
    }

    /** The latest CreateTime accepted, saturating at Long.MAX_VALUE. */
    long latestTimestamp() {
        return timestampAfterMaxMs > Long.MAX_VALUE - nowMs ? Long.MAX_VALUE : nowMs + timestampAfterMaxMs;
    }
}
