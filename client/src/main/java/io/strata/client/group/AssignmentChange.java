package io.strata.client.group;

import io.strata.client.TopicPartition;

import java.util.Set;
import java.util.HashSet;

/**
 * What a consumer must do to follow the assignment its group last answered: give up
 * {@code revoked}, start reading {@code added}; or, after being fenced, drop everything it owns
 * without committing ({@code lost}). Pure.
 */
public record AssignmentChange(Set<TopicPartition> revoked, Set<TopicPartition> added, boolean lost) {

    public static final AssignmentChange NONE = new AssignmentChange(Set.of(), Set.of(), false);

    /** From owning {@code owned} to {@code target}: revocations first, then additions. */
    public static AssignmentChange between(Set<TopicPartition> owned, Set<TopicPartition> target) {
        Set<TopicPartition> revoked = new HashSet<>(owned);
        revoked.removeAll(target);
        Set<TopicPartition> added = new HashSet<>(target);
        added.removeAll(owned);
        return new AssignmentChange(Set.copyOf(revoked), Set.copyOf(added), false);
    }

    public boolean isEmpty() {
        return revoked.isEmpty() && added.isEmpty() && !lost;
    }
}
