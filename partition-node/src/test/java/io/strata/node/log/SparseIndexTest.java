package io.strata.node.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index's entry buffer costs heap in proportion to the entries it holds, not a fixed 4–6 KiB:
 * a node holds two indexes per replica, and at 10,000 replicas fixed buffers were 100 MB of live
 * heap. Entries still reach the file and are found whether buffered or written.
 */
class SparseIndexTest {

    @TempDir
    Path dir;

    @Test
    void aNewOrIdleIndexHoldsASmallBuffer() throws IOException {
        try (FileHandles files = new FileHandles(16)) {
            OffsetIndex offsets = new OffsetIndex(dir.resolve("0.index"), files, 0, 1 << 20);
            TimeIndex times = new TimeIndex(dir.resolve("0.timeindex"), files, 0, 1 << 20);
            offsets.add(0, 0);
            times.add(1_000, 0);

            assertThat(offsets.bufferCapacityBytes() + times.bufferCapacityBytes())
                    .as("both indexes of a replica with one entry each").isLessThanOrEqualTo(80);
        }
    }

    @Test
    void theBufferGrowsWithEntriesAndShrinksOnceTheyAreWritten() throws IOException {
        try (FileHandles files = new FileHandles(16)) {
            Path path = dir.resolve("0.index");
            OffsetIndex index = new OffsetIndex(path, files, 100, 1 << 20);
            for (int i = 0; i < 600; i++) {
                index.reserve();
                index.add(100 + 10L * i, 4096 * i);
            }
            // 512 entries were written out at the 513th reserve; the other 88 are buffered.
            assertThat(Files.size(path)).isEqualTo(512L * OffsetIndex.ENTRY_SIZE);
            assertThat(index.entries()).isEqualTo(600);
            assertThat(index.lookup(100 + 10L * 300 + 5)).isEqualTo(new OffsetIndex.OffsetPosition(100 + 10L * 300, 4096 * 300));
            assertThat(index.lookup(100 + 10L * 599)).isEqualTo(new OffsetIndex.OffsetPosition(100 + 10L * 599, 4096 * 599));

            index.writeBuffered();

            assertThat(Files.size(path)).isEqualTo(600L * OffsetIndex.ENTRY_SIZE);
            assertThat(index.bufferCapacityBytes()).isEqualTo(SparseIndex.INITIAL_BUFFERED_ENTRIES * OffsetIndex.ENTRY_SIZE);
            assertThat(index.lookup(100 + 10L * 599 + 9)).isEqualTo(new OffsetIndex.OffsetPosition(100 + 10L * 599, 4096 * 599));
        }
    }
}
