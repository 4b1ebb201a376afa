package io.strata.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The nemesis's plan, derived from the seed alone: the same seed, duration and bounds give the
 * same faults at the same times, so a failing seed replays its schedule. (What a fault hits, e.g.
 * which node leads the partition it picks, depends on the cluster when it starts.)
 *
 * <p>Faults do not overlap: each starts a seeded pause after the previous one healed, lasts
 * between {@code minFaultMs} and {@code maxFaultMs}, and none starts later than the end of the
 * run minus its own duration. Every kind comes up once before any comes up twice (a shuffled
 * round), so even a short run injects a spread of faults. Pure logic, no framework.
 */
final class FaultSchedule {

    /** Shortest quiet time between two faults. */
    static final long MIN_GAP_MS = 2_000;
    /** Longest quiet time between two faults. */
    static final long MAX_GAP_MS = 6_000;
    /** A rolling restart is not bounded by maxFaultMs: it takes as long as the nodes take; planned as this. */
    static final long ROLLING_RESTART_PLANNED_MS = 45_000;

    private FaultSchedule() {
    }

    /** Faults for a run of {@code runMs}, each lasting [minFaultMs, maxFaultMs]. */
    static List<PlannedFault> plan(long seed, long runMs, long minFaultMs, long maxFaultMs) {
        if (minFaultMs <= 0 || maxFaultMs < minFaultMs) {
            throw new IllegalArgumentException("fault duration bounds must satisfy 0 < min <= max, got " + minFaultMs + ", " + maxFaultMs);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<PlannedFault> faults = new ArrayList<>();
        List<FaultKind> round = new ArrayList<>();
        long at = between(random, MIN_GAP_MS, MAX_GAP_MS);
        while (true) {
            if (round.isEmpty()) {
                round.addAll(List.of(FaultKind.values()));
                shuffle(round, random);
            }
            FaultKind kind = round.remove(round.size() - 1);
            long duration = kind == FaultKind.ROLLING_RESTART ? ROLLING_RESTART_PLANNED_MS : between(random, minFaultMs, maxFaultMs);
            int pick = random.nextInt(1 << 16);
            List<PlannedFault> parts = kind == FaultKind.TWO_AT_ONCE ? twoSingles(random, at, duration) : List.of();
            if (at + duration > runMs) {
                if (kind == FaultKind.ROLLING_RESTART || kind == FaultKind.TWO_AT_ONCE) {
                    continue; // a long or double fault that no longer fits: try the next kind
                }
                break;
            }
            faults.add(new PlannedFault(at, kind, duration, pick, parts));
            at += duration + between(random, MIN_GAP_MS, MAX_GAP_MS);
        }
        return faults;
    }

    private static List<PlannedFault> twoSingles(SplittableRandom random, long at, long duration) {
        FaultKind first = FaultKind.SINGLE[random.nextInt(FaultKind.SINGLE.length)];
        FaultKind second;
        do {
            second = FaultKind.SINGLE[random.nextInt(FaultKind.SINGLE.length)];
        } while (second == first);
        return List.of(new PlannedFault(at, first, duration, random.nextInt(1 << 16), List.of()),
                new PlannedFault(at, second, duration, random.nextInt(1 << 16), List.of()));
    }

    private static long between(SplittableRandom random, long min, long max) {
        return min == max ? min : random.nextLong(min, max + 1);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }
}
