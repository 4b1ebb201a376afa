package io.strata.node.log;

import io.strata.node.compaction.CompactionFixture;
import io.strata.node.compaction.CompactionFixture.Rec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.strata.node.compaction.CompactionFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash-safety of a cleaned segment's swap ({@link CleanedSegmentSwap}): at every step of
 * every swap of a cleaning, the log directory is copied as a kill would leave it (the bytes the
 * process wrote, all of which are in the page cache), and each copy is then opened as after a
 * restart. Each must hold every record either before or after cleaning (nothing lost: the newest
 * value of every key is there, at its offset; nothing duplicated: offsets strictly ascend; nothing
 * invented: every record was written), keep its log end, leave no {@code .cleaned} or
 * {@code .swap} file behind, and clean to the same result as the uninterrupted run.
 */
class CompactionCrashTest {

    @TempDir
    Path root;

    @Test
    void aKillAtAnyStepOfASwapLosesNothingAndDuplicatesNothing() throws Exception {
        ManualClock clock = new ManualClock(T0);
        LogConfig config = CompactionFixture.compacted(2048, Map.of());
        Path dir = root.resolve("events-0");
        List<Path> crashes = new ArrayList<>();
        Map<Path, CleanedSegmentSwap.Step> stepOf = new LinkedHashMap<>();
        List<Rec> before;
        List<Rec> after;
        long end;
        try (FileHandles files = new FileHandles(64); PartitionLog log = PartitionLog.open(dir, config, files, clock)) {
            Random random = new Random(11);
            for (int n = 0; n < 150; n++) {
                String key = "k" + random.nextInt(30);
                log.appendAsLeader(CompactionFixture.keyed(T0, key, key + "@" + n, "t" + (n % 7), n % 5 == 0 ? null : "x"), 1);
            }
            log.maybeFlush();
            before = CompactionFixture.readAll(log);
            end = log.logEndOffset();
            log.cleaning().stepListener(step -> {
                Path copy = root.resolve("crash-" + crashes.size() + "-" + step);
                copyDirectory(dir, copy);
                crashes.add(copy);
                stepOf.put(copy, step);
            });
            CompactionFixture.cleanUntilDone(log, CompactionFixture.settings(1 << 20), clock);
            after = CompactionFixture.readAll(log);
        }
        assertThat(after.size()).isLessThan(before.size() / 2);
        assertThat(stepOf.values()).contains(CleanedSegmentSwap.Step.values());

        for (Path crash : crashes) {
            try (FileHandles files = new FileHandles(64); PartitionLog reopened = PartitionLog.open(crash, config, files, clock)) {
                List<Rec> recovered = CompactionFixture.readAll(reopened);
                String at = "after a kill at " + stepOf.get(crash) + " (" + crash.getFileName() + ")";
                assertThat(recovered).as(at).extracting(Rec::offset).isSorted().doesNotHaveDuplicates();
                assertThat(before).as(at).containsAll(recovered);
                assertThat(recovered).as(at).containsAll(after);
                assertThat(CompactionFixture.latest(recovered)).as(at).isEqualTo(CompactionFixture.latest(before));
                assertThat(reopened.logEndOffset()).as(at).isEqualTo(end);
                try (Stream<Path> leftovers = Files.list(crash)) {
                    assertThat(leftovers.map(p -> p.getFileName().toString())).as(at)
                            .noneMatch(name -> name.endsWith(".cleaned") || name.endsWith(".swap"));
                }
                CompactionFixture.cleanUntilDone(reopened, CompactionFixture.settings(1 << 20), clock);
                assertThat(CompactionFixture.readAll(reopened)).as(at).isEqualTo(after);
            }
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> entries = Files.list(from)) {
            entries.forEach(path -> {
                try {
                    Files.copy(path, to.resolve(path.getFileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
