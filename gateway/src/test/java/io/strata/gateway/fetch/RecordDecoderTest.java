package io.strata.gateway.fetch;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDecoderTest {

    private static final int MIB = 1 << 20;

    /** {@code mib} MiB of zeros compressed into one batch of a few KiB: records of 1 MiB each. */
    private static ByteBuffer bomb(CompressionType type, int mib) {
        ByteBuffer zeros = ByteBuffer.allocate(MIB);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1 << 16), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.of(type).build(), TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < mib; i++) {
            builder.append(1000L, null, zeros.duplicate());
        }
        return builder.build().buffer();
    }

    @Test
    void aOneGibZstdBombStopsAtTheBoundWithTheRecordsDecodedSoFar() {
        ByteBuffer bomb = bomb(CompressionType.ZSTD, 1024);
        assertThat(bomb.remaining()).as("compressed size").isLessThan(256 * 1024);

        List<FetchedRecord> records = RecordDecoder.decode(bomb, 0, Long.MAX_VALUE, 10_000, 8L * MIB);

        assertThat(records).hasSizeLessThanOrEqualTo(8).isNotEmpty();
        assertThat(records.get(0).value()).hasSize(MIB);
        assertThat(records.get(records.size() - 1).offset()).isEqualTo(records.size() - 1);
    }

    @Test
    void aGzipBombWhoseFirstRecordIsAboveTheBoundIsRefusedNamingTheSetting() {
        ByteBuffer bomb = bomb(CompressionType.GZIP, 64);
        assertThatThrownBy(() -> RecordDecoder.decode(bomb, 0, Long.MAX_VALUE, 10_000, MIB / 2))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("strata.gateway.rest-read-max-decoded-bytes").contains("offset 0");
                });
    }

    @Test
    void compressedRecordsDecodeAsBefore() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.of(CompressionType.LZ4).build(), TimestampType.CREATE_TIME, 5L);
        for (String value : List.of("a", "b", "c")) {
            builder.append(1000L, "k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        }
        List<FetchedRecord> records = RecordDecoder.decode(builder.build().buffer(), 6, 8, 10, Long.MAX_VALUE);
        assertThat(records).extracting(FetchedRecord::offset).containsExactly(6L, 7L);
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(records.get(0).key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    }
}
