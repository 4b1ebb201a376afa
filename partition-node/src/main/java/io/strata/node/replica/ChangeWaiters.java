package io.strata.node.replica;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The long polls waiting for the next change of one replica (an append, a high-watermark advance,
 * a log start offset that moves): each wait is a future of its own, held here only while it waits.
 *
 * <p>Why not one shared future: every wait then hung a completion on it (a copy, or a stage of an
 * {@code anyOf}), and a wait that timed out could not unhook it; on a replica nobody wrote to,
 * waits piled up until the next write, thousands per minute and replica (two objects each), which
 * at thousands of idle replicas is the node's heap.
 *
 * <p>Invariants: a wait taken before a caller looks at the replica is completed by every
 * {@link #signal} after it was taken (both run under this object's monitor, so the signalling
 * writer's change is visible to a caller whose wait the signal did not find); a wait that ends in
 * any way (signalled, cancelled, completed on its timeout) leaves the set at once, so the set holds
 * only the waits in progress.
 *
 * <p>Thread-safe: any thread takes and signals; waits are completed outside the monitor, so no
 * caller's callback runs under it.
 */
public final class ChangeWaiters {

    private final Set<CompletableFuture<Void>> waiting = new HashSet<>();

    /** A wait completed at the next {@link #signal}; cancel it (or complete it) to stop waiting. */
    public CompletableFuture<Void> next() {
        CompletableFuture<Void> wait = new CompletableFuture<>();
        synchronized (this) {
            waiting.add(wait);
        }
        wait.whenComplete((ignored, failure) -> remove(wait));
        return wait;
    }

    /** Completes every wait taken so far. */
    public void signal() {
        List<CompletableFuture<Void>> woken;
        synchronized (this) {
            if (waiting.isEmpty()) {
                return;
            }
            woken = new ArrayList<>(waiting);
            waiting.clear();
        }
        woken.forEach(wait -> wait.complete(null));
    }

    /** How many waits are in progress. */
    public synchronized int size() {
        return waiting.size();
    }

    private synchronized void remove(CompletableFuture<Void> wait) {
        waiting.remove(wait);
    }

    /**
     * One wait for the first of {@code waits} (of any replicas): completes when one of them does;
     * when it ends in any way (including its caller's cancel), it cancels the others, so none stays
     * behind in its replica's set.
     */
    public static CompletableFuture<Void> any(List<CompletableFuture<Void>> waits) {
        CompletableFuture<Void> any = new CompletableFuture<>();
        for (CompletableFuture<Void> wait : waits) {
            wait.whenComplete((ignored, failure) -> any.complete(null));
        }
        any.whenComplete((ignored, failure) -> waits.forEach(wait -> wait.cancel(false)));
        return any;
    }
}
