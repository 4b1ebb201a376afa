package io.strata.node.health;

import io.strata.api.health.Verdict;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions behind the node's readiness and liveness checks, kept apart from the checks so
 * that they can be tested without a running node: given what was measured (times as
 * {@link System#nanoTime()} readings, free bytes) and a configured limit, up or down and why.
 *
 * <p>Every rule is a pure function: no clock, no I/O, no state; safe from any thread.
 */
public final class HealthRules {

    private HealthRules() {
    }

    /** {@link Verdict#recent}: a regular event judged by how long it has been silent. */
    public static Verdict recent(String what, long lastNanos, long nowNanos, Duration limit) {
        return Verdict.recent(what, lastNanos, nowNanos, limit);
    }

    /**
     * Whether the controller thread (raft roles, views, leader elections) still runs: up on a node
     * that is not a raft member (it has no such thread), else down once the thread has not started
     * a tick for {@code stallAfter} (it is stuck in a call into the raft group or the metadata
     * service that does not return, or otherwise blocked).
     */
    public static Verdict controller(boolean raftMember, long lastTickNanos, long nowNanos, Duration stallAfter) {
        if (!raftMember) {
            return Verdict.up("not a raft member");
        }
        return recent("the controller thread last ticked", lastTickNanos, nowNanos, stallAfter);
    }

    /**
     * Whether the data directory's file system has room: down when fewer than {@code minFreeBytes}
     * are usable. A negative reading (the file system could not be asked) is down as well.
     */
    public static Verdict diskFree(long freeBytes, long minFreeBytes) {
        if (freeBytes < 0) {
            return Verdict.down("the data directory's free space cannot be read");
        }
        String reason = freeBytes + " bytes free (minimum " + minFreeBytes + ")";
        return freeBytes < minFreeBytes ? Verdict.down(reason) : Verdict.up(reason);
    }

    /**
     * Whether every replica fetcher completed a fetch round with its leader recently: down when one
     * has been silent (its leader unreachable or hung, or every partition it follows refused or
     * failing) for longer than {@code stuckAfter}. Up with no fetcher at all.
     *
     * @param lastRoundNanos per leader node id, when that fetcher last completed a round
     */
    public static Verdict fetchers(Map<Integer, Long> lastRoundNanos, long nowNanos, Duration stuckAfter) {
        Map<Integer, Long> stuck = new TreeMap<>();
        lastRoundNanos.forEach((leader, last) -> {
            long silentMs = (nowNanos - last) / 1_000_000;
            if (silentMs > stuckAfter.toMillis()) {
                stuck.put(leader, silentMs);
            }
        });
        if (stuck.isEmpty()) {
            return Verdict.up(lastRoundNanos.size() + " fetchers progressing (limit " + stuckAfter.toMillis() + " ms)");
        }
        StringBuilder reason = new StringBuilder();
        stuck.forEach((leader, silentMs) -> reason.append(reason.isEmpty() ? "" : ", ").append("the fetcher from leader node ")
                .append(leader).append(" completed no round for ").append(silentMs).append(" ms"));
        return Verdict.down(reason + " (limit " + stuckAfter.toMillis() + " ms)");
    }
}
