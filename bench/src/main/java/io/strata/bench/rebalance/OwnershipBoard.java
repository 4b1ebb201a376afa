package io.strata.bench.rebalance;

import io.strata.client.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What each member of the benchmark's group believes it owns, as its rebalance callbacks report
 * it, and whether that is a <em>settled</em> assignment: every partition of the topic owned by
 * exactly one of the live members, and each live member holding ⌊P/M⌋ or ⌈P/M⌉ of them.
 *
 * <p>Only the members named live count: a killed member's last report stays on the board but owns
 * nothing any more. Thread-safe: every method holds the board's lock (callbacks report from each
 * member's poll thread while the benchmark thread checks).
 */
final class OwnershipBoard {

    private final String topic;
    private final int partitions;
    private final Map<String, Set<Integer>> owned = new HashMap<>();

    OwnershipBoard(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
    }

    synchronized void assigned(String member, Collection<TopicPartition> added) {
        Set<Integer> mine = owned.computeIfAbsent(member, m -> new HashSet<>());
        added.stream().filter(p -> p.topic().equals(topic)).forEach(p -> mine.add(p.partition()));
    }

    synchronized void revoked(String member, Collection<TopicPartition> removed) {
        Set<Integer> mine = owned.get(member);
        if (mine != null) {
            removed.stream().filter(p -> p.topic().equals(topic)).forEach(p -> mine.remove(p.partition()));
        }
    }

    /** The member is gone: what it reported no longer counts. */
    synchronized void forget(String member) {
        owned.remove(member);
    }

    /** True when the live members own every partition once, in balanced shares. */
    synchronized boolean settled(Collection<String> live) {
        if (live.isEmpty()) {
            return false;
        }
        int floor = partitions / live.size();
        int ceiling = partitions % live.size() == 0 ? floor : floor + 1;
        boolean[] seen = new boolean[partitions];
        int count = 0;
        for (String member : live) {
            Set<Integer> mine = owned.getOrDefault(member, Set.of());
            if (mine.size() < floor || mine.size() > ceiling) {
                return false;
            }
            for (int partition : mine) {
                if (partition < 0 || partition >= partitions || seen[partition]) {
                    return false;
                }
                seen[partition] = true;
                count++;
            }
        }
        return count == partitions;
    }

    /** For progress lines: {@code member=count} of the live members. */
    synchronized String describe(Collection<String> live) {
        StringBuilder text = new StringBuilder();
        for (String member : live) {
            text.append(text.isEmpty() ? "" : " ").append(member).append('=')
                    .append(owned.getOrDefault(member, Set.of()).size());
        }
        return text.toString();
    }
}
