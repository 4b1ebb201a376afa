package io.strata.node.log;

import java.nio.ByteBuffer;

/**
 * The fields of a RecordBatch v2 header that the log needs to walk a segment without decoding
 * records. The layout is Kafka's (all big-endian):
 *
 * <pre>
 *  0  int64 baseOffset          27  int64 baseTimestamp
 *  8  int32 batchLength         35  int64 maxTimestamp
 * 12  int32 partitionLeaderEpoch 43  int64 producerId
 * 16  int8  magic (2)           51  int16 producerEpoch
 * 17  uint32 crc (CRC32C of bytes 21..end)   53  int32 baseSequence
 * 21  int16 attributes          57  int32 recordCount
 * 23  int32 lastOffsetDelta     61  records…
 * </pre>
 *
 * {@code batchLength} counts the bytes after itself, so a batch takes {@code 12 + batchLength}
 * bytes. The base offset and leader epoch sit outside the CRC, which is why the leader can assign
 * offsets in place without touching the CRC. The producer fields (producer id, epoch, base
 * sequence) are read only to rebuild producer state ({@link #parseProducerBatch}).
 */
record BatchHeader(long baseOffset, int sizeInBytes, int leaderEpoch, int lastOffsetDelta, long maxTimestamp) {

    /** Bytes to read to parse a header: everything up to and including maxTimestamp. */
    static final int PREFIX_SIZE = 43;
    /** The smallest possible batch: a header with no records. */
    static final int MIN_BATCH_SIZE = 61;
    /** Bytes to read to parse a header with its producer fields: everything up to and including baseSequence. */
    static final int PRODUCER_PREFIX_SIZE = 57;
    private static final int LOG_OVERHEAD = 12;

    static BatchHeader parse(ByteBuffer buffer, int position) {
        long baseOffset = buffer.getLong(position);
        int size = LOG_OVERHEAD + buffer.getInt(position + 8);
        return new BatchHeader(baseOffset, size, buffer.getInt(position + 12), buffer.getInt(position + 23),
                buffer.getLong(position + 35));
    }

    /** The producer fields and offsets of the batch at {@code position}, which must hold {@link #PRODUCER_PREFIX_SIZE} bytes. */
    static ProducerBatch parseProducerBatch(ByteBuffer buffer, int position) {
        long baseOffset = buffer.getLong(position);
        int lastOffsetDelta = buffer.getInt(position + 23);
        int baseSequence = buffer.getInt(position + 53);
        return new ProducerBatch(buffer.getLong(position + 43), buffer.getShort(position + 51), baseSequence,
                ProducerBatch.lastSequence(baseSequence, lastOffsetDelta), baseOffset, baseOffset + lastOffsetDelta,
                buffer.getLong(position + 35));
    }

    long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    long nextOffset() {
        return lastOffset() + 1;
    }
}
