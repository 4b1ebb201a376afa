package io.strata.node.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts the controller's plan into the batches it sends, one ElectLeaders call each, so that each
 * call commits well within the controller's request timeout however many partitions a node's loss
 * touches (one call of 1,000 elections took the whole 5 s timeout at load 20–43, and a call that
 * times out was sent again whole).
 *
 * <p>Order: partitions without a live leader first (they are unavailable until elected), then the
 * fencing of dead ISR members (an {@code acks=all} append waits for them), then preferred-leader
 * moves (optional); within each kind, the plan's order. Every election is in exactly one batch,
 * every batch has 1 … {@code batchSize} elections, and a partition is in at most one batch (the
 * planner gives it at most one election), so batches are independent: one that fails leaves the
 * others valid. Pure logic, no state: safe from any thread.
 */
final class ElectionBatches {

    private ElectionBatches() {
    }

    /** {@code plan} in batches of at most {@code batchSize}, most urgent first. */
    static List<List<Election>> of(List<Election> plan, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + " is less than 1");
        }
        List<Election> ordered = new ArrayList<>(plan);
        ordered.sort(Comparator.comparingInt(ElectionBatches::urgency));
        List<List<Election>> batches = new ArrayList<>();
        for (int from = 0; from < ordered.size(); from += batchSize) {
            batches.add(List.copyOf(ordered.subList(from, Math.min(ordered.size(), from + batchSize))));
        }
        return batches;
    }

    /** Lower goes first. */
    private static int urgency(Election election) {
        return switch (election.reason()) {
            case CLEAN, UNCLEAN, LEADERLESS -> 0;
            case FENCED -> 1;
            case PREFERRED -> 2;
        };
    }
}
