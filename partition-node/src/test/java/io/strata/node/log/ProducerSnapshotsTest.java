package io.strata.node.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer snapshot files: what they hold, which are kept, and that a damaged one is never trusted. */
class ProducerSnapshotsTest {

    @TempDir
    Path dir;

    private static final List<ProducerStateEntry> ENTRIES = List.of(
            new ProducerStateEntry(42, (short) 3, List.of(new BatchMetadata(0, 4, 10, 14, 1000),
                    new BatchMetadata(5, 5, 20, 20, 1001))),
            new ProducerStateEntry(Long.MAX_VALUE, Short.MAX_VALUE, List.of(
                    new BatchMetadata(Integer.MAX_VALUE - 1, 1, 30, 33, -1))));

    private Path file(long offset) {
        return dir.resolve(Segment.fileName(offset, ProducerSnapshots.SUFFIX));
    }

    @Test
    void aSnapshotReadsBackAsWritten() throws IOException {
        ProducerSnapshots snapshots = ProducerSnapshots.open(dir);
        snapshots.write(34, ENTRIES);
        snapshots.write(50, List.of());

        ProducerSnapshots reopened = ProducerSnapshots.open(dir);
        assertThat(reopened.offsets()).containsExactly(34L, 50L);
        assertThat(reopened.latest(49).orElseThrow()).isEqualTo(new ProducerSnapshots.Loaded(34, ENTRIES));
        assertThat(reopened.latest(50).orElseThrow().entries()).isEmpty();
        assertThat(reopened.latest(33)).isEmpty();
        assertThat(file(34)).exists();
    }

    @Test
    void tornCorruptOrForeignFilesReadAsMissing() throws IOException {
        ProducerSnapshots.open(dir).write(34, ENTRIES);
        byte[] good = Files.readAllBytes(file(34));

        for (byte[] damaged : List.of(Arrays.copyOf(good, good.length - 1), flip(good, good.length - 9), flip(good, 0),
                flip(good, 3), new byte[0], Arrays.copyOf(good, good.length + 8))) {
            Files.write(file(34), damaged);
            assertThat(ProducerSnapshots.read(file(34))).isEmpty();
        }
        assertThat(ProducerSnapshots.read(file(99))).isEmpty();
    }

    @Test
    void theNewestIntactSnapshotIsUsedAndDamagedOnesAreDeleted() throws IOException {
        ProducerSnapshots snapshots = ProducerSnapshots.open(dir);
        for (long offset = 10; offset <= 50; offset += 10) {
            snapshots.write(offset, ENTRIES.subList(0, 1));
        }
        assertThat(snapshots.offsets()).hasSize(ProducerSnapshots.RETAINED).containsExactly(30L, 40L, 50L);
        assertThat(file(20)).doesNotExist();

        Files.write(file(50), flip(Files.readAllBytes(file(50)), 10));
        assertThat(snapshots.latest(60).orElseThrow().offset()).isEqualTo(40);
        assertThat(file(50)).doesNotExist();

        snapshots.deleteAfter(35);
        snapshots.deleteBefore(31);
        assertThat(snapshots.offsets()).isEmpty();
    }

    private static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
