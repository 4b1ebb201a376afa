package io.strata.client.consumer;

import io.strata.api.v1.ErrorCode;
import io.strata.client.Header;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletedFetchTest {

    private static final TopicPartition PARTITION = new TopicPartition("t", 2);

    @Test
    void recordsBelowThePositionAreSkippedAndPollsTakeAtMostMaxRecords() {
        ByteBuffer bytes = batches(Compression.NONE, 10, 10, 10);
        CompletedFetch fetch = new CompletedFetch(PARTITION, 0, bytes, true);
        List<ConsumerRecord> out = new ArrayList<>();

        long position = fetch.collect(14, 7, out);
        assertThat(out).extracting(ConsumerRecord::offset).containsExactly(14L, 15L, 16L, 17L, 18L, 19L, 20L);
        assertThat(position).isEqualTo(21);
        assertThat(fetch.exhausted()).isFalse();

        out.clear();
        position = fetch.collect(position, 100, out);
        assertThat(out).extracting(ConsumerRecord::offset).hasSize(9).startsWith(21L).endsWith(29L);
        assertThat(position).isEqualTo(30);
        assertThat(fetch.exhausted()).isTrue();
    }

    @Test
    void compressedBatchesDecodeWithKeysValuesTimestampsAndHeaders() {
        CompletedFetch fetch = new CompletedFetch(PARTITION, 0, batches(Compression.zstd().build(), 3), true);
        List<ConsumerRecord> out = new ArrayList<>();
        fetch.collect(0, 100, out);
        assertThat(out).hasSize(3);
        ConsumerRecord first = out.get(0);
        assertThat(first.topic()).isEqualTo("t");
        assertThat(first.partition()).isEqualTo(2);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k0");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("v0");
        assertThat(first.timestamp()).isEqualTo(1000);
        assertThat(first.headers()).containsExactly(new Header("h", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(out.get(1).key()).isNull();
        assertThat(out.get(1).headers()).isEmpty();
    }

    @Test
    void aPositionPastEveryRecordOfTheAnswerExhaustsItAndKeepsThePosition() {
        CompletedFetch fetch = new CompletedFetch(PARTITION, 0, batches(Compression.NONE, 5), true);
        List<ConsumerRecord> out = new ArrayList<>();
        assertThat(fetch.collect(5, 10, out)).isEqualTo(5);
        assertThat(out).isEmpty();
        assertThat(fetch.exhausted()).isTrue();
    }

    @Test
    void aCorruptBatchIsReportedWithThePartitionAndOffset() {
        ByteBuffer bytes = batches(Compression.NONE, 5);
        bytes.put(bytes.limit() - 2, (byte) (bytes.get(bytes.limit() - 2) ^ 0x55));
        CompletedFetch fetch = new CompletedFetch(PARTITION, 0, bytes, true);
        assertThatThrownBy(() -> fetch.collect(0, 10, new ArrayList<>()))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE))
                .hasMessageContaining("t-2");
    }

    /** Batches of the given record counts, back to back, with offsets from 0 (record i: key "k"+i on even i, value "v"+i). */
    private static ByteBuffer batches(Compression compression, int... counts) {
        ByteBuffer all = ByteBuffer.allocate(64 * 1024);
        long offset = 0;
        for (int count : counts) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(16 * 1024), RecordBatch.CURRENT_MAGIC_VALUE,
                    compression, TimestampType.CREATE_TIME, offset);
            for (int i = 0; i < count; i++, offset++) {
                byte[] key = offset % 2 == 0 ? ("k" + offset).getBytes(StandardCharsets.UTF_8) : null;
                org.apache.kafka.common.header.Header[] headers = offset % 2 == 0
                        ? new org.apache.kafka.common.header.Header[]{new RecordHeader("h", "x".getBytes(StandardCharsets.UTF_8))}
                        : new org.apache.kafka.common.header.Header[0];
                builder.append(1000 + offset, key, ("v" + offset).getBytes(StandardCharsets.UTF_8), headers);
            }
            all.put(builder.build().buffer());
        }
        return all.flip();
    }
}
