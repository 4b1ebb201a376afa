package io.strata.bench.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Jepsen-style check of a run, from what the workload saw ({@link History}) and what the
 * cluster holds afterwards ({@link LogSnapshot}):
 * <ul>
 *   <li><b>NoLoss</b>: every acknowledged value is stored (in the leader's log below the high
 *       watermark), at the partition and offset it was acknowledged with;</li>
 *   <li><b>NoDuplicate</b>: no value is stored twice (every value is unique per writer and sequence);</li>
 *   <li><b>DenseOffsets</b>: a partition's records have offsets 0, 1, … high watermark − 1, in order;</li>
 *   <li><b>ReplicasIdentical</b>: every replica holds the leader's batches byte for byte below the
 *       high watermark;</li>
 *   <li><b>ServedAsStored</b>: the gateway serves exactly the leader's records;</li>
 *   <li><b>CommitsForward</b>: the group's committed offset of a partition, as seen over time, never
 *       goes backwards, and never passes the high watermark;</li>
 *   <li><b>NoDoubleOwnership</b>: the {@link OwnershipCheck} of the group's assignment history.</li>
 * </ul>
 * Pure logic, no framework.
 */
final class Checker {

    /** At most this many examples of each violation are kept for the report. */
    static final int EXAMPLES = 5;
    /** How many of the longest gaps the report describes. */
    static final int LONGEST_GAPS = 3;

    private Checker() {
    }

    /** A stored copy of a value. */
    private record Location(String partitionId, long offset) {
        @Override
        public String toString() {
            return partitionId + "@" + offset;
        }
    }

    static Verdict check(History history, LogSnapshot snapshot, List<String> ownershipViolations,
                         List<Nemesis.Window> windows, long workloadStartNanos, long workloadEndNanos) {
        Verdict.Builder verdict = new Verdict.Builder();
        snapshot.notes().forEach(verdict::note);
        Map<String, List<Location>> stored = new HashMap<>();
        for (LogSnapshot.PartitionState partition : snapshot.partitions()) {
            checkPartition(partition, stored, verdict);
        }
        checkValues(history, stored, verdict);
        checkCommits(history.commits(), snapshot, verdict);
        ownershipViolations.forEach(violation -> verdict.violation("NoDoubleOwnership", violation));
        unavailability(history, snapshot, windows, workloadStartNanos, workloadEndNanos, verdict);
        return verdict.build(history);
    }

    private static void checkPartition(LogSnapshot.PartitionState partition, Map<String, List<Location>> stored,
                                       Verdict.Builder verdict) {
        ReplicaLog leader = partition.leaderLog().orElse(null);
        if (leader == null) {
            verdict.violation("ReplicasIdentical", partition.id() + ": no log of leader " + partition.leader());
            return;
        }
        List<ReplicaLog.StoredRecord> records = leader.records();
        for (int i = 0; i < records.size(); i++) {
            ReplicaLog.StoredRecord record = records.get(i);
            if (record.offset() != i) {
                verdict.violation("DenseOffsets", partition.id() + ": record " + i + " has offset " + record.offset());
            }
            stored.computeIfAbsent(record.value(), v -> new ArrayList<>()).add(new Location(partition.id(), record.offset()));
        }
        if (records.size() != partition.highWatermark()) {
            verdict.violation("DenseOffsets", partition.id() + ": " + records.size() + " records below high watermark "
                    + partition.highWatermark());
        }
        for (ReplicaLog replica : partition.replicas()) {
            String difference = replica == leader ? null : leader.firstDifference(replica);
            if (difference != null) {
                verdict.violation("ReplicasIdentical", partition.id() + ": " + difference);
            }
        }
        if (!partition.served().equals(records)) {
            verdict.violation("ServedAsStored", partition.id() + ": the gateway served " + partition.served().size()
                    + " records, the leader's log holds " + records.size() + firstMismatch(partition.served(), records));
        }
        verdict.partition(partition.id(), partition.highWatermark());
    }

    private static String firstMismatch(List<ReplicaLog.StoredRecord> served, List<ReplicaLog.StoredRecord> stored) {
        for (int i = 0; i < Math.min(served.size(), stored.size()); i++) {
            if (!served.get(i).equals(stored.get(i))) {
                return "; first difference at " + i + ": " + served.get(i) + " served, " + stored.get(i) + " stored";
            }
        }
        return "";
    }

    private static void checkValues(History history, Map<String, List<Location>> stored, Verdict.Builder verdict) {
        stored.forEach((value, locations) -> {
            if (locations.size() > 1) {
                verdict.duplicated(writerOf(value), locations.size() - 1);
                verdict.violation("NoDuplicate", value + " stored " + locations.size() + " times: " + locations);
            }
        });
        history.acks().forEach((value, acks) -> {
            List<Location> locations = stored.get(value);
            if (locations == null) {
                verdict.lost();
                verdict.violation("NoLoss", value + " acknowledged at " + acks.get(0).partitionId() + "@"
                        + acks.get(0).offset() + " is not stored");
                return;
            }
            Set<Location> acknowledgedAt = new HashSet<>();
            acks.forEach(ack -> acknowledgedAt.add(new Location(ack.partitionId(), ack.offset())));
            for (Location location : acknowledgedAt) {
                if (!locations.contains(location)) {
                    verdict.misplaced();
                    verdict.violation("NoLoss", value + " acknowledged at " + location + " is stored at " + locations);
                }
            }
        });
    }

    /** The writer of a value {@code <writer>-<n>}: j0, r2, … */
    private static String writerOf(String value) {
        int dash = value == null ? -1 : value.lastIndexOf('-');
        return dash < 0 ? String.valueOf(value) : value.substring(0, dash);
    }

    private static void checkCommits(List<History.Commit> commits, LogSnapshot snapshot, Verdict.Builder verdict) {
        Map<String, Long> highWatermarks = new HashMap<>();
        snapshot.partitions().forEach(partition -> highWatermarks.put(partition.id(), partition.highWatermark()));
        Map<String, Long> last = new HashMap<>();
        for (History.Commit commit : commits) {
            Long before = last.put(commit.partitionId(), commit.offset());
            if (before != null && commit.offset() < before) {
                verdict.violation("CommitsForward", commit.partitionId() + ": committed offset went from " + before
                        + " back to " + commit.offset());
            }
        }
        last.forEach((partition, offset) -> {
            Long hw = highWatermarks.get(partition);
            if (hw != null && offset > hw) {
                verdict.violation("CommitsForward", partition + ": committed offset " + offset + " is past the high watermark " + hw);
            }
        });
        verdict.commits(commits.size(), last);
    }

    /** Longest gap between acknowledgements per partition, and the longest that began during a fault of each kind. */
    private static void unavailability(History history, LogSnapshot snapshot, List<Nemesis.Window> windows,
                                       long startNanos, long endNanos, Verdict.Builder verdict) {
        Map<String, List<Long>> times = new TreeMap<>();
        snapshot.partitions().forEach(partition -> times.put(partition.id(), new ArrayList<>()));
        for (History.Ack ack : history.allAcks()) {
            times.computeIfAbsent(ack.partitionId(), id -> new ArrayList<>()).add(ack.nanos());
        }
        Map<String, Long> longest = new LinkedHashMap<>();
        Map<FaultKind, Long> byKind = new EnumMap<>(FaultKind.class);
        List<Gap> gaps = new ArrayList<>();
        times.forEach((partition, list) -> {
            List<Long> sorted = new ArrayList<>(list.stream().filter(t -> t >= startNanos && t <= endNanos).sorted().toList());
            sorted.add(0, startNanos);
            sorted.add(endNanos);
            long max = 0;
            for (int i = 1; i < sorted.size(); i++) {
                long from = sorted.get(i - 1);
                long to = sorted.get(i);
                max = Math.max(max, to - from);
                gaps.add(new Gap(partition, from, to));
                for (Nemesis.Window window : windows) {
                    // a gap belongs to the fault in force when it began (the last acknowledgement before it)
                    if (from >= window.startNanos() && from <= window.endNanos()) {
                        byKind.merge(window.kind(), to - from, Math::max);
                    }
                }
            }
            longest.put(partition, max / 1_000_000);
        });
        Map<FaultKind, Long> byKindMs = new EnumMap<>(FaultKind.class);
        byKind.forEach((kind, nanos) -> byKindMs.put(kind, nanos / 1_000_000));
        verdict.unavailability(longest, byKindMs, longestGaps(gaps, windows, startNanos));
    }

    /** A time without acknowledgements on one partition. */
    record Gap(String partitionId, long fromNanos, long toNanos) {
        long nanos() {
            return toNanos - fromNanos;
        }

        boolean overlaps(long startNanos, long endNanos) {
            return fromNanos <= endNanos && toNanos >= startNanos;
        }
    }

    /**
     * The {@value #LONGEST_GAPS} longest gaps that do not overlap each other (one outage usually
     * stops every partition at once), each with its time from the start and every fault in force
     * at some point of it: a gap that runs on past its fault, or begins in a quiet time, shows
     * what it belongs to.
     */
    static List<String> longestGaps(List<Gap> gaps, List<Nemesis.Window> windows, long startNanos) {
        List<Gap> chosen = new ArrayList<>();
        for (Gap gap : gaps.stream().sorted(java.util.Comparator.comparingLong(Gap::nanos).reversed()).toList()) {
            if (chosen.size() == LONGEST_GAPS) {
                break;
            }
            if (chosen.stream().noneMatch(other -> gap.overlaps(other.fromNanos(), other.toNanos()))) {
                chosen.add(gap);
            }
        }
        List<String> described = new ArrayList<>();
        for (Gap gap : chosen) {
            List<String> during = windows.stream().filter(w -> gap.overlaps(w.startNanos(), w.endNanos()))
                    .map(w -> w.kind().label() + " (" + w.what() + ")").toList();
            described.add(String.format(java.util.Locale.ROOT, "%,d ms on %s from +%.1fs to +%.1fs, during: %s", gap.nanos() / 1_000_000,
                    gap.partitionId(), (gap.fromNanos() - startNanos) / 1e9, (gap.toNanos() - startNanos) / 1e9,
                    during.isEmpty() ? "no fault" : String.join("; ", during)));
        }
        return described;
    }
}
