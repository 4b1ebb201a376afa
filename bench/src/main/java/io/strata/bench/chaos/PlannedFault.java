package io.strata.bench.chaos;

import java.util.List;

/**
 * One fault of a schedule: when it starts (ms after the nemesis starts), what it is, how long it
 * lasts, and {@code pick}, the seeded number that chooses its target among those that fit when it
 * starts (e.g. which partition's leader). {@code parts} holds the two single faults of a
 * {@link FaultKind#TWO_AT_ONCE}, else nothing.
 */
record PlannedFault(long atMs, FaultKind kind, long durationMs, int pick, List<PlannedFault> parts) {

    PlannedFault {
        parts = List.copyOf(parts);
    }

    @Override
    public String toString() {
        String what = kind == FaultKind.TWO_AT_ONCE
                ? kind.label() + parts.stream().map(part -> part.kind().label() + "#" + part.pick()).toList()
                : kind.label() + "#" + pick;
        return String.format("+%.1fs %s for %.1fs", atMs / 1000.0, what, durationMs / 1000.0);
    }
}
