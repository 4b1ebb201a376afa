package io.strata.client.producer;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RecordAccumulatorTest {

    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int BATCH = 1024;
    private static final long PID = 42;

    private final BufferPool pool = new BufferPool(1 << 20, BATCH);
    private final RecordAccumulator accumulator = new RecordAccumulator(BATCH, Compression.NONE, LINGER, pool, 5, 1 << 20);
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    private long now = 1_000_000_000L;

    @Test
    void aBatchWaitsForLingerUnlessItIsFull() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(0);
        assertThat(append(queue, 10)).as("first record starts a batch").isTrue();
        assertThat(drain(1 << 20)).as("young and not full").isEmpty();
        assertThat(accumulator.nextReadyNanos()).isEqualTo(now + LINGER);

        now += LINGER;
        List<DrainedRequest> requests = drain(1 << 20);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).partitions.get(0).batches()).hasSize(1);
        assertThat(requests.get(0).partitions.get(0).recordCount()).isEqualTo(1);
    }

    @Test
    void recordsFillBatchesOfBatchSizeAndAFullBatchIsReadyAtOnce() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(0);
        int newBatches = 0;
        for (int i = 0; i < 30; i++) {
            newBatches += append(queue, 100) ? 1 : 0;
        }
        // ~100-byte values, 1 KiB batches: eight records a batch.
        assertThat(newBatches).isEqualTo(4);
        List<DrainedRequest> requests = drain(1 << 20);
        assertThat(requests).as("ready without waiting for linger: a batch is full").hasSize(1);
        List<ProducerBatch> batches = requests.get(0).partitions.get(0).batches();
        assertThat(batches).as("all batches of the partition, the open one included").hasSize(4);
        assertThat(batches).allMatch(b -> b.bytes().size() <= BATCH);
        assertThat(batches.stream().mapToInt(ProducerBatch::recordCount).sum()).isEqualTo(30);
    }

    @Test
    void aPartitionWithARequestInFlightIsNotDrainedAgainUntilItCompletes() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(0);
        append(queue, 10);
        now += LINGER;
        assertThat(drain(1 << 20)).hasSize(1);
        for (int i = 0; i < 20; i++) {
            append(queue, 100);
        }
        now += LINGER;
        assertThat(drain(1 << 20)).as("one request in flight per partition").isEmpty();
        assertThat(accumulator.nextReadyNanos()).isEqualTo(Long.MAX_VALUE);

        accumulator.completed(queue);
        List<DrainedRequest> next = drain(1 << 20);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).partitions.get(0).recordCount()).as("everything that piled up, in one go").isEqualTo(20);
    }

    @Test
    void atMostFiveBatchesOfAPartitionGoInOneRequest() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(0);
        for (int i = 0; i < 8 * 7; i++) {
            append(queue, 100);
        }
        assertThat(drain(1 << 20).get(0).partitions.get(0).batches()).hasSize(5);
        accumulator.completed(queue);
        now += LINGER;
        assertThat(drain(1 << 20).get(0).partitions.get(0).batches()).hasSize(2);
    }

    @Test
    void batchesStartedWhileAPartitionIsBusyGrowUpToAFifthOfTheRequestWithinMaxMessageBytes() throws Exception {
        TopicQueues topic = accumulator.topic("t");
        PartitionQueue queue = topic.queue(0);
        append(queue, 10);
        now += LINGER;
        drain(1 << 20);
        for (int i = 0; i < 9; i++) {
            append(queue, 100);
        }
        assertThat(queue.batches).as("max.message.bytes unknown: no growth").hasSize(2);
        topic.maxBatchBytes = 100_000;
        for (int i = 0; i < 1000; i++) {
            append(queue, 100);
        }
        // 1 MiB / 5 = 209715 bytes, capped at max.message.bytes = 100000: ~850 records a batch.
        assertThat(queue.batches).hasSize(4);
        accumulator.completed(queue);
        List<ProducerBatch> sent = drain(1 << 20).get(0).partitions.get(0).batches();
        assertThat(sent.get(2).bytes().size()).isBetween(90_000, 100_000);
        for (int i = 0; i < 20; i++) {
            append(topic.queue(1), 100);
        }
        assertThat(topic.queue(1).batches).as("an idle partition keeps batch.size").hasSize(3);
    }

    @Test
    void partitionsOfATopicShareARequestUpToMaxRequestSize() throws Exception {
        TopicQueues topic = accumulator.topic("t");
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 9; i++) {
                append(topic.queue(p), 100);
            }
        }
        append(accumulator.topic("other").queue(0), 10);
        now += LINGER;
        List<DrainedRequest> requests = drain(2500);
        // Four partitions of about 1 KiB each, 2500 bytes a request: two requests of two partitions for "t".
        List<DrainedRequest> ofT = requests.stream().filter(r -> r.topic.equals("t")).toList();
        assertThat(ofT).hasSize(2);
        assertThat(ofT).allSatisfy(r -> {
            assertThat(r.partitions).hasSize(2);
            assertThat(r.bytes).isLessThanOrEqualTo(2500);
        });
        assertThat(requests.stream().filter(r -> r.topic.equals("other")).toList()).hasSize(1);
    }

    @Test
    void aBatchLargerThanTheRequestLimitStillGoesAloneAndBatchesBeyondTheLimitWait() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(0);
        for (int i = 0; i < 30; i++) {
            append(queue, 100);
        }
        List<DrainedRequest> requests = drain(500);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).partitions.get(0).batches()).as("at least one batch per request").hasSize(1);
        accumulator.completed(queue);
        assertThat(drain(2100).get(0).partitions.get(0).batches()).hasSize(2);
    }

    @Test
    void batchesAreStampedInPartitionOrderWhenFirstSentAndKeepTheirBytesOnRetry() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(0);
        for (int i = 0; i < 20; i++) {
            append(queue, 100);
        }
        List<ProducerBatch> first = drain(1 << 20).get(0).partitions.get(0).batches();
        assertThat(first).hasSize(3);
        assertThat(sequences(first)).containsExactly(0, 8, 16);
        List<byte[]> bytes = first.stream().map(b -> b.bytes().toByteArray()).toList();
        for (int i = 0; i < 5; i++) {
            append(queue, 100);
        }

        accumulator.requeue(queue, first, now + 100);
        assertThat(drain(1 << 20)).as("backing off").isEmpty();
        assertThat(accumulator.nextReadyNanos()).isEqualTo(now + 100);
        now += 100;
        List<ProducerBatch> retry = drain(1 << 20).get(0).partitions.get(0).batches();
        assertThat(retry).as("a retry goes batch by batch").containsExactly(first.get(0));
        assertThat(retry.get(0).bytes().toByteArray()).isEqualTo(bytes.get(0));
        assertThat(retry.get(0).attempts()).isEqualTo(2);
        accumulator.completed(queue);
        assertThat(drain(1 << 20).get(0).partitions.get(0).batches()).containsExactly(first.get(1));
        accumulator.completed(queue);
        assertThat(drain(1 << 20).get(0).partitions.get(0).batches()).containsExactly(first.get(2));
        accumulator.completed(queue);
        assertThat(drain(1 << 20)).as("the fresh batch lingers").isEmpty();
        now += LINGER;
        List<ProducerBatch> fresh = drain(1 << 20).get(0).partitions.get(0).batches();
        assertThat(sequences(fresh)).as("the records appended meanwhile follow").containsExactly(20);
        assertThat(fresh.get(0).recordCount()).isEqualTo(5);
    }

    @Test
    void batchesCarryTheirRecordsInOrderAndCompleteWithConsecutiveOffsets() throws Exception {
        PartitionQueue queue = accumulator.topic("t").queue(3);
        for (int i = 0; i < 12; i++) {
            append(queue, 100);
        }
        now += LINGER;
        List<ProducerBatch> batches = drain(1 << 20).get(0).partitions.get(0).batches();
        List<String> values = new ArrayList<>();
        for (ProducerBatch batch : batches) {
            for (MutableRecordBatch recordBatch : MemoryRecords.readableRecords(batch.bytes().asReadOnlyByteBuffer()).batches()) {
                assertThat(recordBatch.producerId()).isEqualTo(PID);
                for (Record record : recordBatch) {
                    values.add(StandardCharsets.UTF_8.decode(record.value()).toString().substring(0, 3));
                }
            }
        }
        assertThat(values).containsExactly("000", "001", "002", "003", "004", "005", "006", "007", "008", "009", "010", "011");
        long offset = 500;
        for (ProducerBatch batch : batches) {
            batch.complete(offset);
            offset += batch.recordCount();
        }
        for (int i = 0; i < 12; i++) {
            RecordMetadata metadata = futures.get(i).getNow(null);
            assertThat(metadata.offset()).isEqualTo(500 + i);
            assertThat(metadata.partition()).isEqualTo(3);
        }
        assertThat(accumulator.hasIncomplete()).isFalse();
        assertThat(pool.availableMemory()).as("memory released").isEqualTo(1 << 20);
    }

    @Test
    void batchesOlderThanTheDeliveryTimeoutAreExpiredUnlessInFlight() throws Exception {
        PartitionQueue a = accumulator.topic("t").queue(0);
        PartitionQueue b = accumulator.topic("t").queue(1);
        append(a, 10);
        append(b, 10);
        now += LINGER;
        drain(1 << 20);
        append(a, 10);
        append(b, 10);
        accumulator.completed(b);
        now += TimeUnit.SECONDS.toNanos(10);
        List<ProducerBatch> expired = accumulator.expire(now, TimeUnit.SECONDS.toNanos(5));
        assertThat(expired).hasSize(1);
        assertThat(expired.get(0).partition).isEqualTo(1);
    }

    private boolean append(PartitionQueue queue, int valueBytes) throws InterruptedException {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        futures.add(future);
        String value = String.format("%03d", futures.size() - 1) + "x".repeat(Math.max(0, valueBytes - 3));
        return accumulator.append(accumulator.topic(queue.topic), queue, 1L, null, value.getBytes(StandardCharsets.UTF_8), new org.apache.kafka.common.header.Header[0],
                future, 0, now);
    }

    private List<DrainedRequest> drain(int maxRequestSize) {
        return accumulator.drain(now, maxRequestSize, false, PID, (short) 0);
    }

    private static List<Integer> sequences(List<ProducerBatch> batches) {
        List<Integer> sequences = new ArrayList<>();
        for (ProducerBatch batch : batches) {
            for (MutableRecordBatch recordBatch : MemoryRecords.readableRecords(batch.bytes().asReadOnlyByteBuffer()).batches()) {
                assertThat(recordBatch.producerEpoch()).isZero();
                sequences.add(recordBatch.baseSequence());
            }
        }
        return sequences;
    }

}
