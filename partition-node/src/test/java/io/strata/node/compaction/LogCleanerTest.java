package io.strata.node.compaction;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.log.FileHandles;
import io.strata.node.log.CompactionConfig;
import io.strata.node.log.LogConfig;
import io.strata.node.log.ManualClock;
import io.strata.node.log.PartitionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.strata.node.compaction.CompactionFixture.Rec;
import static io.strata.node.compaction.CompactionFixture.T0;
import static io.strata.node.compaction.CompactionFixture.cleanUntilDone;
import static io.strata.node.compaction.CompactionFixture.compacted;
import static io.strata.node.compaction.CompactionFixture.keyed;
import static io.strata.node.compaction.CompactionFixture.latest;
import static io.strata.node.compaction.CompactionFixture.readAll;
import static io.strata.node.compaction.CompactionFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogCleanerTest {

    @TempDir
    Path dir;

    private final FileHandles files = new FileHandles(256);
    private final ManualClock clock = new ManualClock(T0);
    private final List<PartitionLog> logs = new ArrayList<>();

    @AfterEach
    void close() {
        logs.forEach(PartitionLog::close);
        files.close();
    }

    private PartitionLog open(String name, LogConfig config) throws Exception {
        PartitionLog log = CompactionFixture.open(dir.resolve(name), config, files, clock);
        logs.add(log);
        return log;
    }

    /** Appends {@code records} records over {@code keys} keys, 10 per batch, value "k<key>@<n>"; returns what was written. */
    private static List<Rec> writeKeyed(PartitionLog log, int records, int keys, Random random, long timestamp) {
        List<Rec> written = new ArrayList<>();
        for (int n = 0; n < records; n += 10) {
            String[] kv = new String[20];
            for (int i = 0; i < 10; i++) {
                String key = "k" + random.nextInt(keys);
                kv[2 * i] = key;
                kv[2 * i + 1] = key + "@" + (n + i);
            }
            long first = log.appendAsLeader(keyed(timestamp, kv), 1).firstOffset();
            for (int i = 0; i < 10; i++) {
                written.add(new Rec(first + i, kv[2 * i], kv[2 * i + 1]));
            }
        }
        log.maybeFlush();
        return written;
    }

    @Test
    void keepsTheNewestRecordOfEveryKeyAtItsOffset() throws Exception {
        PartitionLog log = open("many", compacted(4096, Map.of()));
        List<Rec> written = writeKeyed(log, 5000, 100, new Random(1), T0);
        long sizeBefore = log.sizeInBytes();
        long endBefore = log.logEndOffset();

        assertThat(cleanUntilDone(log, settings(1 << 20), clock)).isPositive();

        List<Rec> after = readAll(log);
        assertThat(latest(after)).isEqualTo(latest(written));
        assertThat(written).containsAll(after);
        assertThat(after).extracting(Rec::offset).isSorted().doesNotHaveDuplicates();
        assertThat(log.logEndOffset()).isEqualTo(endBefore);
        assertThat(log.sizeInBytes()).isLessThan(sizeBefore / 5);
        assertThat(log.cleaning().firstDirtyOffset()).isEqualTo(log.segmentBaseOffsets().get(log.segmentCount() - 1));
        try (Stream<Path> leftovers = Files.list(dir.resolve("many"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".cleaned") || n.endsWith(".swap"));
        }
    }

    @Test
    void aReopenedLogHoldsTheSameRecordsAndAFollowerCopiesTheGaps() throws Exception {
        PartitionLog log = open("leader", compacted(4096, Map.of()));
        writeKeyed(log, 3000, 50, new Random(2), T0);
        cleanUntilDone(log, settings(1 << 20), clock);
        List<Rec> cleaned = readAll(log);
        long end = log.logEndOffset();
        log.close();
        logs.remove(log);

        PartitionLog reopened = open("leader", compacted(4096, Map.of()));
        assertThat(readAll(reopened)).isEqualTo(cleaned);
        assertThat(reopened.logEndOffset()).isEqualTo(end);
        assertThat(reopened.appendAsLeader(keyed(T0, "k1", "after"), 1).firstOffset()).isEqualTo(end);

        PartitionLog follower = open("follower", compacted(4096, Map.of()));
        while (follower.logEndOffset() < reopened.logEndOffset()) {
            ByteBuffer fetched = reopened.read(follower.logEndOffset(), 64 * 1024).records();
            follower.appendAsFollower(fetched);
        }
        assertThat(readAll(follower)).isEqualTo(readAll(reopened));
    }

    @Test
    void recoveryOfACompactedLogCutsACorruptTailButNotAtTheCleanersGaps() throws Exception {
        PartitionLog log = open("torn", compacted(4096, Map.of()));
        writeKeyed(log, 2000, 30, new Random(8), T0);
        cleanUntilDone(log, settings(1 << 20), clock);
        List<Rec> cleaned = readAll(log);
        long end = log.logEndOffset();
        log.appendAsLeader(keyed(T0, "k1", "lost-in-the-crash"), 1);
        Path active;
        try (Stream<Path> files = Files.list(dir.resolve("torn"))) {
            active = files.filter(p -> p.getFileName().toString().endsWith(".log")).max(Path::compareTo).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(active);
        bytes[bytes.length - 3] ^= 0x5a;
        Files.write(active, bytes);
        logs.remove(log);
        Files.deleteIfExists(dir.resolve("torn").resolve("recovery-point"));

        PartitionLog reopened = open("torn", compacted(4096, Map.of()));
        assertThat(readAll(reopened)).isEqualTo(cleaned);
        assertThat(reopened.logEndOffset()).isEqualTo(end);
    }

    @Test
    void tombstonesStayForDeleteRetentionAfterTheirFirstCleaningThenGo() throws Exception {
        PartitionLog log = open("tomb", compacted(2048, Map.of("delete.retention.ms", "60000")));
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(keyed(T0, "a" + i, "v" + i, "b" + i, "w" + i), 1);
        }
        for (int i = 0; i < 40; i++) {
            log.appendAsLeader(keyed(T0, "a" + i, null), 1);
        }
        log.appendAsLeader(keyed(T0, "filler", "x".repeat(3000)), 1);
        log.maybeFlush();
        cleanUntilDone(log, settings(1 << 20), clock);
        List<Rec> first = readAll(log);
        assertThat(first).filteredOn(r -> r.key().startsWith("a")).hasSize(40).allMatch(r -> r.value() == null);

        clock.advance(59_000);
        assertThat(cleanUntilDone(log, settings(1 << 20), clock)).isZero();
        clock.advance(2_000);
        // No new record: the passed horizon alone makes the log due again.
        assertThat(cleanUntilDone(log, settings(1 << 20), clock)).isEqualTo(1);

        List<Rec> second = readAll(log);
        assertThat(second).noneMatch(r -> r.key().startsWith("a"));
        assertThat(latest(second)).containsEntry("b0", "w0").containsEntry("b39", "w39");
        assertThat(second.stream().filter(r -> r.key().startsWith("b")).count()).isEqualTo(40);
    }

    @Test
    void aFullOffsetMapCleansUpToWhereItFilledAndTheNextRoundGoesOn() throws Exception {
        PartitionLog log = open("full", compacted(4096, Map.of()));
        List<Rec> written = writeKeyed(log, 2000, 150, new Random(3), T0);
        long mapFor50Keys = 50L * (OffsetMap.ENTRY_OVERHEAD_BYTES + 4);
        LogCleaner cleaner = new LogCleaner(settings(mapFor50Keys), clock, () -> false);

        CleaningCandidate candidate = CleaningCandidate.of("full", log.cleaning().cleanableSegments(log.logEndOffset()),
                log.cleaning().firstDirtyOffset(), log.config().compaction(), clock.millis());
        LogCleaner.Result result = cleaner.clean(log.cleaning(), candidate, log.config().compaction());

        assertThat(result.endOffset()).isGreaterThan(0).isLessThan(candidate.segments().get(candidate.segments().size() - 1).nextOffset());
        assertThat(log.cleaning().firstDirtyOffset()).isEqualTo(result.endOffset());
        assertThat(latest(readAll(log))).isEqualTo(latest(written));

        cleanUntilDone(log, settings(mapFor50Keys), clock);
        List<Rec> after = readAll(log);
        assertThat(latest(after)).isEqualTo(latest(written));
        assertThat(written).containsAll(after);
        assertThat(after.size()).isLessThan(written.size() / 2);
    }

    @Test
    void theThrottleHoldsTheCleanersIoToItsRate() throws Exception {
        PartitionLog log = open("throttled", compacted(64 * 1024, Map.of()));
        writeKeyed(log, 20_000, 100, new Random(7), T0);
        long rate = 1024 * 1024;
        LogCleaner cleaner = new LogCleaner(new CleanerSettings(1 << 20, rate, 64 * 1024, Duration.ofMillis(10)),
                clock, () -> false);
        CleaningCandidate candidate = CleaningCandidate.of("throttled", log.cleaning().cleanableSegments(log.logEndOffset()),
                0, log.config().compaction(), clock.millis());

        LogCleaner.Result result = cleaner.clean(log.cleaning(), candidate, log.config().compaction());

        double bytesPerSecond = (result.bytesRead() + result.bytesWritten()) / (result.nanos() / 1e9);
        assertThat(result.bytesRead()).isGreaterThan(rate / 2);
        assertThat(bytesPerSecond).isLessThan(rate * 1.2);
    }

    @Test
    void theDirtyRatioAndTheCompactionLagsDecideWhenALogIsDue() throws Exception {
        PartitionLog log = open("ratio", compacted(4096, Map.of("min.cleanable.dirty.ratio", "0.9",
                "min.compaction.lag.ms", "1000", "max.compaction.lag.ms", "600000")));
        writeKeyed(log, 2000, 20, new Random(4), T0);
        CompactionConfig config = log.config().compaction();
        var segments = log.cleaning().cleanableSegments(log.logEndOffset());

        CleaningCandidate young = CleaningCandidate.of("ratio", segments, 0, config, T0 + 500);
        assertThat(young.segments()).isEmpty();
        assertThat(young.due(config)).isFalse();

        CleaningCandidate allDirty = CleaningCandidate.of("ratio", segments, 0, config, T0 + 2000);
        assertThat(allDirty.dirtyRatio()).isEqualTo(1.0);
        assertThat(allDirty.due(config)).isTrue();

        long half = segments.get(segments.size() / 2).baseOffset();
        CleaningCandidate halfDirty = CleaningCandidate.of("ratio", segments, half, config, T0 + 2000);
        assertThat(halfDirty.dirtyRatio()).isBetween(0.3, 0.7);
        assertThat(halfDirty.due(config)).isFalse();
        CleaningCandidate overdue = CleaningCandidate.of("ratio", segments, half, config, T0 + 600_001);
        assertThat(overdue.forced()).isTrue();
        assertThat(overdue.due(config)).isTrue();
    }

    @Test
    void compactAloneDisablesRetentionAndCompactDeleteKeepsIt() throws Exception {
        PartitionLog compact = open("c", compacted(2048, Map.of("retention.ms", "1000")));
        PartitionLog both = open("cd", compacted(2048, Map.of("retention.ms", "1000", "cleanup.policy", "compact,delete")));
        for (PartitionLog log : List.of(compact, both)) {
            writeKeyed(log, 500, 10, new Random(5), T0);
        }
        clock.advance(10_000);

        assertThat(compact.maybeApplyRetention(compact.logEndOffset())).isZero();
        assertThat(both.maybeApplyRetention(both.logEndOffset())).isPositive();
        assertThat(compact.logStartOffset()).isZero();
        assertThat(both.logStartOffset()).isPositive();
    }

    @Test
    void aCompactedTopicRefusesRecordsWithoutAKey() throws Exception {
        PartitionLog log = open("keyless", compacted(4096, Map.of()));
        assertThatThrownBy(() -> log.appendAsLeader(keyed(T0, "k", "v", null, "no key"), 1))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining("record 1 has no key")
                .hasMessageContaining("compacted topic")
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.INVALID_RECORD);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void theLastRecordOfALiveIdempotentProducerSurvivesSoItsSequenceDoes() throws Exception {
        PartitionLog log = open("idem", compacted(2048, Map.of()));
        log.appendAsLeader(CompactionFixture.idempotentKeyed(7, 0, T0, "k", "1", "k", "2"), 1);
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(keyed(T0, "k", "plain" + i, "other" + i, "x"), 1);
        }
        log.appendAsLeader(keyed(T0, "filler", "z".repeat(2500)), 1);
        log.maybeFlush();
        cleanUntilDone(log, settings(1 << 20), clock);

        List<Rec> after = readAll(log);
        assertThat(after).contains(new Rec(1, "k", "2")).doesNotContain(new Rec(0, "k", "1"));
        assertThat(latest(after)).containsEntry("k", "plain59");
        // The producer's next batch continues its sequence: the log kept the sequence of offset 1.
        log.appendAsLeader(CompactionFixture.idempotentKeyed(7, 2, T0, "k", "3"), 1);
        assertThatThrownBy(() -> log.appendAsLeader(CompactionFixture.idempotentKeyed(7, 9, T0, "k", "4"), 1))
                .isInstanceOf(StrataException.class);
    }

    @Test
    void readersDuringCleaningSeeAscendingOffsetsAndNeverLoseTheNewestValue() throws Exception {
        PartitionLog log = open("readers", compacted(4096, Map.of()));
        List<Rec> written = writeKeyed(log, 6000, 200, new Random(6), T0);
        Map<String, String> expected = latest(written);
        List<Throwable> problems = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (int pass = 0; pass < 40; pass++) {
                    List<Rec> seen = readAll(log);
                    long previous = -1;
                    for (Rec record : seen) {
                        if (record.offset() <= previous) {
                            throw new AssertionError("offset " + record.offset() + " after " + previous);
                        }
                        previous = record.offset();
                    }
                    Map<String, String> seenLatest = new HashMap<>(latest(seen));
                    if (!seenLatest.equals(new HashMap<>(expected))) {
                        throw new AssertionError("a full read saw other newest values in pass " + pass);
                    }
                }
            } catch (Throwable t) {
                problems.add(t);
            }
        });
        reader.start();
        cleanUntilDone(log, settings(20_000), clock);
        reader.join();
        assertThat(problems).isEmpty();
        assertThat(latest(readAll(log))).isEqualTo(expected);
    }

    @Test
    void topicConfigsOfCompactionAreValidatedWithClearErrors() {
        assertThatThrownBy(() -> LogConfig.DEFAULTS.with(Map.of("cleanup.policy", "shred")))
                .hasMessageContaining("'cleanup.policy' must be delete, compact or compact,delete, got 'shred'");
        assertThatThrownBy(() -> LogConfig.DEFAULTS.with(Map.of("min.cleanable.dirty.ratio", "2")))
                .hasMessageContaining("'min.cleanable.dirty.ratio' must be a number from 0 to 1, got 2.0");
        assertThatThrownBy(() -> LogConfig.DEFAULTS.with(Map.of("min.compaction.lag.ms", "10", "max.compaction.lag.ms", "5")))
                .hasMessageContaining("'min.compaction.lag.ms' (10) must not be greater than 'max.compaction.lag.ms' (5)");
        assertThatThrownBy(() -> LogConfig.DEFAULTS.with(Map.of("delete.retention.ms", "-1")))
                .hasMessageContaining("'delete.retention.ms' must be 0 or more");
        LogConfig both = LogConfig.DEFAULTS.with(Map.of("cleanup.policy", "delete, Compact"));
        assertThat(both.compacts()).isTrue();
        assertThat(both.deletes()).isTrue();
        assertThat(LogConfig.DEFAULTS.deletes()).isTrue();
        assertThat(LogConfig.DEFAULTS.compacts()).isFalse();
    }
}
