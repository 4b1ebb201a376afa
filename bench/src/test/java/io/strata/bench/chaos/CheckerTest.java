package io.strata.bench.chaos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each invariant of the checker, on a history and a snapshot built to break exactly that one. */
class CheckerTest {

    private final History history = new History();

    /** A replica holding {@code values} at offsets 0, 1, … one batch per record, checksummed by value. */
    private static ReplicaLog replica(int node, List<String> values) {
        List<ReplicaLog.BatchDigest> batches = new ArrayList<>();
        List<ReplicaLog.StoredRecord> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            batches.add(new ReplicaLog.BatchDigest(i, i, 70, values.get(i).hashCode()));
            records.add(new ReplicaLog.StoredRecord(i, values.get(i)));
        }
        return new ReplicaLog(node, batches, records);
    }

    private static LogSnapshot snapshot(List<String> leader, List<String> follower) {
        ReplicaLog leaderLog = replica(1, leader);
        return new LogSnapshot(List.of(new LogSnapshot.PartitionState("t-0", 1, leader.size(), Map.of(1, (long) leader.size()),
                List.of(leaderLog, replica(2, follower)), leaderLog.records())), List.of());
    }

    private Verdict check(LogSnapshot snapshot) {
        return Checker.check(history, snapshot, List.of(), List.of(), 0, System.nanoTime() + 1);
    }

    @Test
    void aCleanRunPasses() {
        history.acknowledged("j0-0", "t", 0, 0);
        history.acknowledged("j0-1", "t", 0, 1);
        Verdict verdict = check(snapshot(List.of("j0-0", "j0-1"), List.of("j0-0", "j0-1")));
        assertThat(verdict.passed()).as(verdict.violationCounts().toString()).isTrue();
        assertThat(verdict.acknowledged()).isEqualTo(2);
        assertThat(verdict.lost()).isZero();
        assertThat(verdict.duplicated()).isZero();
    }

    @Test
    void anAcknowledgedRecordMissingIsLost() {
        history.acknowledged("j0-0", "t", 0, 0);
        history.acknowledged("j0-1", "t", 0, 1);
        Verdict verdict = check(snapshot(List.of("j0-0"), List.of("j0-0")));
        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.violationCounts()).containsEntry("NoLoss", 1L);
    }

    @Test
    void aRecordStoredTwiceIsADuplicateEvenWhenAcknowledgedOnce() {
        history.acknowledged("r2-0", "t", 0, 0);
        Verdict verdict = check(snapshot(List.of("r2-0", "r2-0"), List.of("r2-0", "r2-0")));
        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.duplicatedByWriter()).containsExactly(java.util.Map.entry("r2", 1L));
        assertThat(verdict.lost()).isZero();
        assertThat(verdict.violationCounts()).containsOnlyKeys("NoDuplicate");
    }

    @Test
    void twoRecordsAcknowledgedAtOneOffsetAreBothChecked() {
        // keyed by offset, the second acknowledgement would overwrite the first and hide this
        history.acknowledged("j0-0", "t", 0, 0);
        history.acknowledged("j0-1", "t", 0, 0);
        Verdict verdict = check(snapshot(List.of("j0-0", "j0-1"), List.of("j0-0", "j0-1")));
        assertThat(verdict.misplaced()).isEqualTo(1);
        assertThat(verdict.violationCounts()).containsOnlyKeys("NoLoss");
    }

    @Test
    void aFollowerThatDivergesBelowTheHighWatermarkIsReported() {
        history.acknowledged("j0-0", "t", 0, 0);
        Verdict verdict = check(snapshot(List.of("j0-0", "j0-1"), List.of("j0-0", "j9-9")));
        assertThat(verdict.violationCounts()).containsOnlyKeys("ReplicasIdentical");
        assertThat(verdict.examples().get("ReplicasIdentical").get(0)).contains("batch 1");
    }

    @Test
    void aFollowerMissingBatchesBelowTheHighWatermarkIsReported() {
        Verdict verdict = check(snapshot(List.of("j0-0", "j0-1"), List.of("j0-0")));
        assertThat(verdict.violationCounts()).containsOnlyKeys("ReplicasIdentical");
    }

    @Test
    void offsetsWithAGapAreReported() {
        ReplicaLog gappy = new ReplicaLog(1, List.of(new ReplicaLog.BatchDigest(0, 0, 70, 1), new ReplicaLog.BatchDigest(2, 2, 70, 2)),
                List.of(new ReplicaLog.StoredRecord(0, "a"), new ReplicaLog.StoredRecord(2, "b")));
        Verdict verdict = check(new LogSnapshot(List.of(new LogSnapshot.PartitionState("t-0", 1, 3, Map.of(),
                List.of(gappy), gappy.records())), List.of()));
        assertThat(verdict.violationCounts()).containsOnlyKeys("DenseOffsets").containsEntry("DenseOffsets", 2L);
    }

    @Test
    void aCommittedOffsetGoingBackwardsIsReported() {
        history.committed("t-0", 1);
        history.committed("t-0", 2);
        history.committed("t-0", 1);
        Verdict verdict = check(snapshot(List.of("a", "b"), List.of("a", "b")));
        assertThat(verdict.violationCounts()).containsOnlyKeys("CommitsForward");
        assertThat(verdict.examples().get("CommitsForward").get(0)).contains("from 2 back to 1");
    }

    @Test
    void whatTheGatewayServesMustBeWhatTheLeaderStores() {
        ReplicaLog leader = replica(1, List.of("a", "b"));
        Verdict verdict = check(new LogSnapshot(List.of(new LogSnapshot.PartitionState("t-0", 1, 2, Map.of(),
                List.of(leader), List.of(new ReplicaLog.StoredRecord(0, "a")))), List.of()));
        assertThat(verdict.violationCounts()).containsOnlyKeys("ServedAsStored");
    }

    @Test
    void theLongestGapsAreDescribedWithEveryFaultTheyOverlapOnePerOutage() {
        long s = 1_000_000_000L;
        List<Checker.Gap> gaps = List.of(new Checker.Gap("t-0", 10 * s, 100 * s), new Checker.Gap("t-1", 11 * s, 99 * s),
                new Checker.Gap("t-0", 200 * s, 205 * s), new Checker.Gap("t-1", 300 * s, 301 * s),
                new Checker.Gap("t-0", 400 * s, 400 * s + 1));
        List<Nemesis.Window> windows = List.of(new Nemesis.Window(FaultKind.KILL_METADATA_SERVICE, "SIGKILL metadata-service", 5 * s, 20 * s),
                new Nemesis.Window(FaultKind.PAUSE_LEADER, "SIGSTOP partition-node-1", 90 * s, 95 * s));

        assertThat(Checker.longestGaps(gaps, windows, 0)).containsExactly(
                "90,000 ms on t-0 from +10.0s to +100.0s, during: kill-metadata-service (SIGKILL metadata-service); "
                        + "pause-leader (SIGSTOP partition-node-1)",
                "5,000 ms on t-0 from +200.0s to +205.0s, during: no fault",
                "1,000 ms on t-1 from +300.0s to +301.0s, during: no fault");
    }
}
