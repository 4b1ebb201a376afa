package io.strata.bench.chaos;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The outcome of a run's check: the figures, and every violated invariant with how often and a few
 * examples. A run passes when no invariant is violated.
 */
record Verdict(long sent, long acknowledged, long failed, long lost, long misplaced, long duplicated,
               Map<String, Long> duplicatedByWriter,
               Map<String, Long> violationCounts, Map<String, List<String>> examples, List<String> notes,
               Map<String, Long> highWatermarks, int commitsSeen, Map<String, Long> lastCommitted,
               Map<String, Long> longestGapMs, Map<FaultKind, Long> longestGapByFaultMs, List<String> longestGaps) {

    boolean passed() {
        return violationCounts.isEmpty();
    }

    /** The figures, then the violations, for people. */
    void print(PrintStream out, long seed, Map<FaultKind, Integer> faults, long consumed) {
        out.println("chaos: ---- result (seed " + seed + ") ----");
        out.printf("chaos: records sent %d, acknowledged %d, failed %d (outcome unknown: each may be stored once), consumed by the group %d%n",
                sent, acknowledged, failed, consumed);
        out.printf("chaos: acknowledged but lost %d, acknowledged at another offset than stored %d, duplicated %d%s%n",
                lost, misplaced, duplicated, duplicatedByWriter.isEmpty() ? "" : " (extra copies by writer: " + duplicatedByWriter + ")");
        out.println("chaos: faults injected: " + faults.entrySet().stream()
                .map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        out.println("chaos: high watermarks: " + highWatermarks);
        out.println("chaos: longest gap between acknowledgements per partition (ms): " + longestGapMs);
        out.println("chaos: longest gap that began during each fault kind (ms): " + longestGapByFaultMs.entrySet().stream()
                .map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        longestGaps.forEach(gap -> out.println("chaos: long gap: " + gap));
        out.printf("chaos: committed offsets seen %d times; last: %s%n", commitsSeen, lastCommitted);
        notes.forEach(note -> out.println("chaos: note: " + note));
        violationCounts.forEach((invariant, count) -> {
            out.printf("chaos: VIOLATED %s (%d times), e.g.:%n", invariant, count);
            examples.get(invariant).forEach(example -> out.println("chaos:   " + example));
        });
        if (passed()) {
            out.println("chaos: every invariant holds: NoLoss, NoDuplicate, DenseOffsets, ReplicasIdentical, ServedAsStored, "
                    + "CommitsForward, NoDoubleOwnership");
        }
    }

    /** The one summary line, JSON, printed last. */
    String summaryJson(long seed, double minutes, int faults) {
        return String.format("{\"seed\":%d,\"minutes\":%.1f,\"faults\":%d,\"acknowledged\":%d,\"lost\":%d,\"misplaced\":%d,"
                        + "\"duplicated\":%d,\"violations\":%d,\"max_gap_ms\":%d,\"result\":\"%s\"}",
                seed, minutes, faults, acknowledged, lost, misplaced, duplicated,
                violationCounts.values().stream().mapToLong(Long::longValue).sum(),
                longestGapMs.values().stream().mapToLong(Long::longValue).max().orElse(0), passed() ? "PASS" : "FAIL");
    }

    /** Collects a verdict while the checker runs. Not thread-safe. */
    static final class Builder {
        private long lost;
        private long misplaced;
        private long duplicated;
        private final Map<String, Long> duplicatedByWriter = new TreeMap<>();
        private final Map<String, Long> violationCounts = new TreeMap<>();
        private final Map<String, List<String>> examples = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Long> highWatermarks = new TreeMap<>();
        private int commitsSeen;
        private Map<String, Long> lastCommitted = Map.of();
        private Map<String, Long> longestGapMs = Map.of();
        private Map<FaultKind, Long> longestGapByFaultMs = Map.of();
        private List<String> longestGaps = List.of();

        void violation(String invariant, String example) {
            violationCounts.merge(invariant, 1L, Long::sum);
            List<String> list = examples.computeIfAbsent(invariant, name -> new ArrayList<>());
            if (list.size() < Checker.EXAMPLES) {
                list.add(example);
            }
        }

        void note(String note) {
            notes.add(note);
        }

        void lost() {
            lost++;
        }

        void misplaced() {
            misplaced++;
        }

        void duplicated(String writer, int copies) {
            duplicated += copies;
            duplicatedByWriter.merge(writer, (long) copies, Long::sum);
        }

        void partition(String id, long highWatermark) {
            highWatermarks.put(id, highWatermark);
        }

        void commits(int seen, Map<String, Long> last) {
            commitsSeen = seen;
            lastCommitted = new TreeMap<>(last);
        }

        void unavailability(Map<String, Long> longest, Map<FaultKind, Long> byFault, List<String> gaps) {
            longestGapMs = longest;
            longestGapByFaultMs = byFault;
            longestGaps = List.copyOf(gaps);
        }

        Verdict build(History history) {
            return new Verdict(history.sent(), history.acks().size(), history.failed(), lost, misplaced, duplicated,
                    duplicatedByWriter,
                    violationCounts, examples, notes, highWatermarks, commitsSeen, lastCommitted, longestGapMs,
                    longestGapByFaultMs, longestGaps);
        }
    }
}
