package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The producer-state rules alone, without a log: what is a duplicate, what is refused and why. */
class ProducerStateManagerTest {

    private static final long PID = 42;
    private final ProducerStateManager state = new ProducerStateManager("orders-0");

    /** A batch of {@code count} records from {@code firstSeq}, as written at {@code firstOffset}. */
    private static ProducerBatch batch(long producerId, int epoch, int firstSeq, int count, long firstOffset) {
        return new ProducerBatch(producerId, (short) epoch, firstSeq, ProducerBatch.lastSequence(firstSeq, count - 1),
                firstOffset, firstOffset + count - 1, 1000);
    }

    /** Appends as a leader does: check, then record. */
    private DuplicateBatches append(ProducerBatch... batches) {
        DuplicateBatches duplicates = state.checkLeaderAppend(List.of(batches), false);
        for (int i = 0; i < batches.length; i++) {
            if (!duplicates.isDuplicate(i)) {
                state.update(batches[i]);
            }
        }
        return duplicates;
    }

    private void assertRefused(ProducerBatch batch, boolean producersMayBeLost, ErrorCode code, String message) {
        assertThatThrownBy(() -> state.checkLeaderAppend(List.of(batch), producersMayBeLost))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((StrataException) e).code()).isEqualTo(code);
    }

    @Test
    void eachOfTheLastFiveBatchesIsRecognisedWithItsOffsets() {
        for (int i = 0; i < 7; i++) {
            assertThat(append(batch(PID, 0, i * 3, 3, 100 + i * 10)).count()).isZero();
        }

        for (int i = 2; i < 7; i++) {
            DuplicateBatches duplicates = state.checkLeaderAppend(List.of(batch(PID, 0, i * 3, 3, 0)), false);
            assertThat(duplicates.count()).isEqualTo(1);
            assertThat(duplicates.original(0)).isEqualTo(new BatchMetadata(i * 3, i * 3 + 2, 100 + i * 10, 102 + i * 10, 1000));
        }
        assertThat(state.producer(PID).orElseThrow().batches()).hasSize(5);
        assertRefused(batch(PID, 0, 3, 3, 0), false, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence 21");
    }

    @Test
    void gapsAndPartialOverlapsAreOutOfOrder() {
        append(batch(PID, 0, 0, 5, 0));

        assertRefused(batch(PID, 0, 6, 2, 0), false, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                "producer 42 at epoch 0 sent sequence 6..7 to orders-0: expected sequence 5");
        assertRefused(batch(PID, 0, 0, 4, 0), false, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence 5");
        assertThat(append(batch(PID, 0, 5, 2, 5)).count()).isZero();
    }

    @Test
    void epochsMayOnlyGrowAndANewOneStartsAtZero() {
        append(batch(PID, 3, 0, 5, 0));

        assertRefused(batch(PID, 2, 5, 1, 0), false, ErrorCode.INVALID_PRODUCER_EPOCH, "epoch 2");
        assertRefused(batch(PID, 2, 0, 5, 0), false, ErrorCode.INVALID_PRODUCER_EPOCH, "already has epoch 3");
        assertRefused(batch(PID, 4, 5, 1, 0), false, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "new epoch must start at sequence 0");
        append(batch(PID, 4, 0, 2, 5));

        assertThat(state.producer(PID).orElseThrow().epoch()).isEqualTo((short) 4);
        assertThat(state.producer(PID).orElseThrow().batches()).hasSize(1);
        assertRefused(batch(PID, 3, 5, 1, 0), false, ErrorCode.INVALID_PRODUCER_EPOCH, "already has epoch 4");
    }

    @Test
    void anUnknownProducerStartsAtZeroUnlessTheLogMayHaveLostIt() {
        assertRefused(batch(7, 0, 12, 1, 0), false, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "first batch must start at sequence 0");

        assertThat(state.checkLeaderAppend(List.of(batch(7, 0, 12, 1, 0)), true).count()).isZero();
        assertThat(state.checkLeaderAppend(List.of(batch(7, 0, 0, 1, 0)), false).count()).isZero();
    }

    @Test
    void sequencesWrapAfterIntegerMaxValue() {
        assertThat(ProducerBatch.lastSequence(Integer.MAX_VALUE - 1, 3)).isEqualTo(1);
        assertThat(TestBatches.batches(TestBatches.idempotent(PID, 0, Integer.MAX_VALUE - 1, 4, 0)).get(0).lastSequence())
                .as("kafka-clients agrees").isEqualTo(1);
        state.update(batch(PID, 0, Integer.MAX_VALUE - 2, 3, 0));

        assertThat(state.producer(PID).orElseThrow().lastSeq()).isEqualTo(Integer.MAX_VALUE);
        assertRefused(batch(PID, 0, 1, 1, 0), false, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence 0");
        assertThat(append(batch(PID, 0, 0, 2, 3)).count()).isZero();
        assertThat(state.checkLeaderAppend(List.of(batch(PID, 0, 0, 2, 99)), false).original(0).firstOffset()).isEqualTo(3);
    }

    @Test
    void batchesWithoutAProducerIdAreNeitherCheckedNorRemembered() {
        ProducerBatch plain = batch(-1, -1, -1, 3, 0);

        assertThat(append(plain, plain).count()).isZero();
        assertThat(state.entries()).isEmpty();
    }

    @Test
    void aRequestsBatchesAreCheckedAgainstEachOther() {
        assertThat(append(batch(PID, 0, 0, 2, 0), batch(PID, 0, 2, 2, 2), batch(9, 0, 0, 1, 4), batch(PID, 0, 4, 1, 5)).count())
                .isZero();
        assertThat(state.producer(PID).orElseThrow().lastSeq()).isEqualTo(4);

        assertThatThrownBy(() -> state.checkLeaderAppend(List.of(batch(PID, 0, 5, 1, 0), batch(PID, 0, 7, 1, 0)), false))
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(state.producer(PID).orElseThrow().lastSeq()).as("a refused check changes nothing").isEqualTo(4);
    }

    @Test
    void aRetriedRequestIsAllDuplicatesAndAPartlyCopiedOneHasADuplicatePrefix() {
        append(batch(PID, 0, 0, 2, 10), batch(PID, 0, 2, 2, 12));

        DuplicateBatches retried = state.checkLeaderAppend(List.of(batch(PID, 0, 0, 2, 0), batch(PID, 0, 2, 2, 0)), false);
        assertThat(retried.count()).isEqualTo(2);
        assertThat(retried.original(1).lastOffset()).isEqualTo(13);

        DuplicateBatches mixed = state.checkLeaderAppend(List.of(batch(PID, 0, 2, 2, 0), batch(PID, 0, 4, 3, 0)), false);
        assertThat(mixed.count()).isEqualTo(1);
        assertThat(mixed.isDuplicate(0)).isTrue();
        assertThat(mixed.isDuplicate(1)).isFalse();
    }

    @Test
    void aRequestMayCarryAtMostFiveBatchesOfOneProducer() {
        ProducerBatch[] six = new ProducerBatch[6];
        for (int i = 0; i < six.length; i++) {
            six[i] = batch(PID, 0, i, 1, i);
        }

        assertThatThrownBy(() -> state.checkLeaderAppend(List.of(six), false))
                .hasMessageContaining("more than 5 batches of producer 42")
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void retentionForgetsProducersWhoseBatchesAreAllGone() {
        append(batch(1, 0, 0, 5, 0));
        append(batch(2, 0, 0, 5, 5));
        append(batch(1, 0, 5, 5, 10));

        state.removeBefore(10);

        assertThat(state.producer(1)).isPresent();
        assertThat(state.producer(2)).isEmpty();
    }
}
