package io.strata.client.producer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionSequenceTest {

    @Test
    void eachBatchStartsWhereThePreviousEndedCountingRecords() {
        PartitionSequence sequence = new PartitionSequence();
        assertThat(sequence.assign(7, 10)).isZero();
        assertThat(sequence.assign(7, 1)).isEqualTo(10);
        assertThat(sequence.assign(7, 500)).isEqualTo(11);
        assertThat(sequence.next()).isEqualTo(511);
    }

    @Test
    void wrapsToZeroAfterIntegerMaxValueAsKafkaDoes() {
        PartitionSequence sequence = new PartitionSequence();
        sequence.assign(1, Integer.MAX_VALUE - 5);
        assertThat(sequence.next()).isEqualTo(Integer.MAX_VALUE - 5);
        assertThat(sequence.assign(1, 10)).isEqualTo(Integer.MAX_VALUE - 5);
        // MAX-5 … MAX is 6 records, then 0 … 3: the next batch starts at 4.
        assertThat(sequence.next()).isEqualTo(4);
    }

    @Test
    void aNewProducerIdStartsAgainAtZero() {
        PartitionSequence sequence = new PartitionSequence();
        sequence.assign(1, 100);
        assertThat(sequence.assign(2, 5)).isZero();
        assertThat(sequence.assign(2, 5)).isEqualTo(5);
    }
}
