package io.strata.gateway.produce;

import io.strata.gateway.fetch.FetchedRecord;
import io.strata.gateway.fetch.RecordDecoder;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchBuilderTest {

    @Test
    void splitsAtTheBatchSizeKeepsOrderAndDecodesBack() {
        List<OutgoingRecord> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(new OutgoingRecord(null, ("k" + i).getBytes(StandardCharsets.UTF_8), new byte[100],
                    List.of(new RecordHeader("h", new byte[]{(byte) i})), 0));
        }
        List<BuiltBatch> batches = new BatchBuilder(16384).build(records, 1234L);
        assertThat(batches.size()).isGreaterThan(5);
        assertThat(batches).allSatisfy(b -> assertThat(b.sizeInBytes()).isLessThanOrEqualTo(16384));
        assertThat(batches.stream().mapToInt(BuiltBatch::recordCount).sum()).isEqualTo(1000);
        for (BuiltBatch batch : batches) {
            for (MutableRecordBatch parsed : MemoryRecords.readableRecords(batch.buffer().duplicate()).batches()) {
                parsed.ensureValid();
            }
        }

        ByteBuffer log = withOffsets(batches);
        List<FetchedRecord> decoded = RecordDecoder.decode(log, 10, 500, 10_000, Long.MAX_VALUE);
        assertThat(decoded).hasSize(490);
        assertThat(decoded.get(0).offset()).isEqualTo(10);
        assertThat(new String(decoded.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k10");
        assertThat(decoded.get(0).timestamp()).isEqualTo(1234L);
        assertThat(decoded.get(0).headers().get(0).value()).containsExactly((byte) 10);
        assertThat(RecordDecoder.decode(log, 0, Long.MAX_VALUE, 7, Long.MAX_VALUE)).hasSize(7);
        assertThat(RecordDecoder.nextOffset(log, 0)).isEqualTo(1000);
    }

    @Test
    void aRecordLargerThanTheBatchSizeGetsABatchOfItsOwn() {
        List<OutgoingRecord> records = List.of(
                new OutgoingRecord(null, null, new byte[10], List.of(), 0),
                new OutgoingRecord(null, null, new byte[5000], List.of(), 0),
                new OutgoingRecord(null, null, new byte[10], List.of(), 0));
        List<BuiltBatch> batches = new BatchBuilder(1024).build(records, 1L);
        assertThat(batches).extracting(BuiltBatch::recordCount).containsExactly(1, 1, 1);
        assertThat(batches.get(1).sizeInBytes()).isGreaterThan(5000);
    }

    /** Sets base offsets as a leader would: batch after batch, densely from 0. */
    private static ByteBuffer withOffsets(List<BuiltBatch> batches) {
        int size = batches.stream().mapToInt(BuiltBatch::sizeInBytes).sum();
        ByteBuffer log = ByteBuffer.allocate(size);
        long next = 0;
        for (BuiltBatch batch : batches) {
            ByteBuffer copy = batch.buffer().duplicate();
            MutableRecordBatch parsed = MemoryRecords.readableRecords(copy.duplicate()).batches().iterator().next();
            parsed.setLastOffset(next + batch.recordCount() - 1);
            next += batch.recordCount();
            log.put(copy);
        }
        return log.flip();
    }
}
