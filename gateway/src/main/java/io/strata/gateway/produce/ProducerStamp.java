package io.strata.gateway.produce;

import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Crc32C;

import java.nio.ByteBuffer;

/**
 * Writes a producer id, epoch and base sequence into a built RecordBatch v2 (the batch was built
 * without them because its sequence is known only when its {@link PartitionSequence} slot is
 * granted) and recomputes its CRC, which covers everything from the attributes on.
 * Pure; the batch buffer is changed in place, so it must be the caller's own.
 */
public final class ProducerStamp {

    // RecordBatch v2 header layout (Kafka's DefaultRecordBatch).
    private static final int CRC_OFFSET = 17;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;
    private static final int RECORDS_COUNT_OFFSET = 57;

    private ProducerStamp() {
    }

    /** Stamps {@code batch} (one v2 batch from position to limit) with the slot's producer fields. */
    public static void stamp(BuiltBatch batch, PartitionSequence.Slot slot) {
        ByteBuffer buffer = batch.buffer();
        int start = buffer.position();
        if (buffer.remaining() < RECORDS_COUNT_OFFSET + 4 || buffer.get(start + 16) != RecordBatch.MAGIC_VALUE_V2) {
            throw new IllegalArgumentException("not a RecordBatch v2");
        }
        if (buffer.getInt(start + RECORDS_COUNT_OFFSET) != batch.recordCount()
                || slot.lastSeq() != wrappedLast(slot.firstSeq(), batch.recordCount())) {
            throw new IllegalArgumentException("slot " + slot + " does not fit a batch of " + batch.recordCount() + " records");
        }
        buffer.putLong(start + PRODUCER_ID_OFFSET, slot.producerId());
        buffer.putShort(start + PRODUCER_EPOCH_OFFSET, slot.epoch());
        buffer.putInt(start + BASE_SEQUENCE_OFFSET, slot.firstSeq());
        long crc = Crc32C.compute(buffer, ATTRIBUTES_OFFSET, buffer.remaining() - ATTRIBUTES_OFFSET);
        buffer.putInt(start + CRC_OFFSET, (int) crc);
    }

    private static int wrappedLast(int firstSeq, int records) {
        return (int) (((long) firstSeq + records - 1) % ((long) Integer.MAX_VALUE + 1));
    }
}
