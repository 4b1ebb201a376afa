package io.strata.kafka.fetch;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FetchBudgetTest {

    @Test
    void partitionsShareMaxBytesInRequestOrderWithWholeBatchesOnly() {
        ByteBuffer a = batches(3, 100);
        int batch = a.remaining() / 3;
        ByteBuffer b = batches(3, 100);
        List<ByteBuffer> kept = FetchBudget.trim(List.of(a, b), batch * 4 + batch / 2);
        assertThat(kept.get(0).remaining()).isEqualTo(batch * 3);
        assertThat(kept.get(1).remaining()).isEqualTo(batch);
    }

    @Test
    void theFirstPartitionWithDataReturnsOneBatchEvenOverTheLimit() {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer big = batches(2, 1000);
        ByteBuffer next = batches(1, 10);
        List<ByteBuffer> kept = FetchBudget.trim(List.of(empty, big, next), 10);
        assertThat(kept.get(0).remaining()).isZero();
        assertThat(kept.get(1).remaining()).isEqualTo(big.remaining() / 2);
        assertThat(kept.get(2).remaining()).isZero();
        assertThat(MemoryRecords.readableRecords(kept.get(1)).batches()).hasSize(1);
    }

    /** {@code count} batches of one record of {@code valueBytes} each, back to back. */
    private static ByteBuffer batches(int count, int valueBytes) {
        ByteBuffer all = ByteBuffer.allocate(count * (valueBytes + 200));
        for (int i = 0; i < count; i++) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(valueBytes + 200), RecordBatch.CURRENT_MAGIC_VALUE,
                    Compression.NONE, TimestampType.CREATE_TIME, i);
            builder.append(0L, null, new byte[valueBytes]);
            all.put(builder.build().buffer());
        }
        return all.flip();
    }
}
