package io.strata.node.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The segment's own guards: an append must start at the segment's end offset (a caller that
 * breaks this has a bug, and the segment throws rather than write), and recovery keeps only
 * batches that pass the same structure checks as an append, so a lying batch that reached a
 * file some other way (an older version, a bad disk) ends the recovered log right before it.
 */
class SegmentInvariantTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final FileHandles files = new FileHandles(8);

    @AfterEach
    void close() {
        files.close();
    }

    private static BatchHeader header(long baseOffset, ByteBuffer batch, int lastOffsetDelta) {
        return new BatchHeader(baseOffset, batch.remaining(), 0, lastOffsetDelta, T0);
    }

    @Test
    void anAppendThatDoesNotStartAtTheEndOffsetThrowsAndWritesNothing() throws IOException {
        Segment segment = Segment.create(dir, 10, files, LogConfig.DEFAULTS, T0, false);
        ByteBuffer two = batch(0, 2, T0);
        segment.append(two, List.of(header(10, two, 1)));

        assertThatThrownBy(() -> segment.append(two, List.of(header(11, two, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Segment.fileName(10, ".log"))
                .hasMessageContaining("offsets 11..12")
                .hasMessageContaining("continues at 12");
        assertThatThrownBy(() -> segment.append(two, List.of(header(12, two, -1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("offsets 12..11");
        assertThat(segment.nextOffset()).isEqualTo(12);
        assertThat(segment.size()).isEqualTo(two.remaining());
        assertThat(Files.size(segment.logPath())).isEqualTo(two.remaining());
    }

    @Test
    void recoveryEndsTheLogBeforeALyingBatchFoundInAFile() throws IOException {
        ByteBuffer empty = LyingBatches.empty(T0);
        empty.putLong(0, 2);
        ByteBuffer first = batch(0, 2, T0);
        ByteBuffer after = batch(2, 2, T0);
        after.putLong(0, 2);
        ByteBuffer bytes = concat(first, empty, after);
        Path log = dir.resolve("events-0");
        Files.createDirectories(log);
        Files.write(log.resolve(Segment.fileName(0, ".log")), bytes.array());

        try (PartitionLog recovered = PartitionLog.open(log, LogConfig.DEFAULTS, files, java.time.Clock.systemUTC())) {
            assertThat(recovered.logEndOffset()).isEqualTo(2);
            assertThat(Files.size(log.resolve(Segment.fileName(0, ".log")))).isEqualTo(first.remaining());
        }
    }
}
