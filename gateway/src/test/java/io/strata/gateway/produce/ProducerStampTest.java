package io.strata.gateway.produce;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerStampTest {

    @Test
    void aStampedBatchCarriesTheSlotAndAValidCrc() {
        BuiltBatch batch = new BatchBuilder(1 << 16).build(List.of(record("a"), record("b"), record("c")), 1000).get(0);
        ProducerStamp.stamp(batch, new PartitionSequence.Slot(42, (short) 3, 7, 9));

        MutableRecordBatch read = MemoryRecords.readableRecords(batch.buffer().duplicate()).batches().iterator().next();
        assertThat(read.isValid()).isTrue();
        assertThat(read.producerId()).isEqualTo(42);
        assertThat(read.producerEpoch()).isEqualTo((short) 3);
        assertThat(read.baseSequence()).isEqualTo(7);
        assertThat(read.lastSequence()).isEqualTo(9);
    }

    @Test
    void aSlotOfAnotherSizeIsRefused() {
        BuiltBatch batch = new BatchBuilder(1 << 16).build(List.of(record("a")), 1000).get(0);
        assertThatThrownBy(() -> ProducerStamp.stamp(batch, new PartitionSequence.Slot(42, (short) 0, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static OutgoingRecord record(String value) {
        return new OutgoingRecord(null, null, value.getBytes(StandardCharsets.UTF_8), List.of(), 0);
    }
}
