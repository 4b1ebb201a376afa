package io.strata.gateway.produce;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's idempotent-producer sequence for ONE partition: which producer epoch and sequence
 * numbers each batch the gateway appends there carries, and how many of them may be in flight.
 * The leader remembers each producer's last five batches per partition (Kafka's number), so a
 * retry of one of them is answered with its original offsets instead of being written again.
 *
 * <p>Rules (Kafka's idempotent producer, adapted to one gateway-wide producer id):
 * <ul>
 *   <li><b>Order and window.</b> Slots are handed out in FIFO order of {@link #acquire}, with
 *       consecutive sequences, and a slot is handed out only while fewer than {@code maxInFlight}
 *       (≤ 5) slots have been handed out since the oldest unresolved one, itself included. So at
 *       most four batches can land after any batch that may still be retried, and the leader,
 *       which remembers the last five it wrote, still knows it when its retry comes. (Counting
 *       only unresolved slots is not enough: later slots resolve and are replaced while an early
 *       one is still being retried, and enough of them push it out of the leader's memory; its
 *       retry is then refused OUT_OF_ORDER although it is in the log.)</li>
 *   <li><b>Unknown outcome → same sequence.</b> A batch whose answer was lost (connection broken,
 *       leader gone) is resent with the very same bytes, so the same producer id, epoch and
 *       sequence, until it resolves or the request's time ends. That is what makes the retry
 *       recognisable. This class only keeps the slot unresolved meanwhile.</li>
 *   <li><b>OUT_OF_ORDER_SEQUENCE_NUMBER is transient behind an unresolved batch.</b> Appends are
 *       handled concurrently by the node and a failover can reorder retries, so a later batch can
 *       reach the leader before an earlier one. While an earlier slot of the same epoch is
 *       unresolved, that answer means "too early": {@link #earlierUnresolved} gives what to wait
 *       for before the same bytes are sent again. With nothing unresolved before it, the refusal
 *       is definite for this sequence (an earlier slot failed, or the leader lost the producer),
 *       but the batch was not written: {@link #reissue} gives it a slot of the next epoch.</li>
 *   <li><b>Failure → new epoch.</b> A slot that ends without success ({@link #failed}: a definite
 *       refusal, or a timeout whose outcome stays unknown) leaves a gap the leader would refuse
 *       forever. So no new slot is handed out until every slot of that epoch has resolved; then
 *       the epoch is bumped and sequences restart at 0 — the leader accepts a higher epoch from
 *       sequence 0, and fences the old epoch once the new one is written. After
 *       {@link Short#MAX_VALUE} epochs the sequence asks for a new producer id
 *       ({@link #needsProducerId}), which an unknown producer may start at 0 as well.</li>
 *   <li>Producer ids come from the metadata service's blocks: a gateway restart takes a new one,
 *       two gateways never share one, so their sequences never mix.</li>
 * </ul>
 *
 * <p>Invariant: the slots of an epoch form one gap-free run of sequences (wrapping after
 * {@link Integer#MAX_VALUE}) in hand-out order; at most {@code maxInFlight} slots, resolved or not,
 * have been handed out since the oldest unresolved one (the window, which begins at it).
 *
 * <p>Pure logic, no framework. Thread-safety: every method is synchronized; the futures of
 * {@link #acquire} are completed after the lock is released, so their callbacks never run under it.
 */
public final class PartitionSequence {

    /** The producer fields of one batch: its epoch, first and last sequence (inclusive). */
    public record Slot(long producerId, short epoch, int firstSeq, int lastSeq) {
    }

    private record Waiter(int records, CompletableFuture<Slot> granted) {
    }

    private static final class InFlight {
        final Slot slot;
        boolean resolved;

        InFlight(Slot slot) {
            this.slot = slot;
        }
    }

    private final int maxInFlight;
    /** The slots handed out since the oldest unresolved one, in hand-out order: the window. */
    private final Deque<InFlight> window = new ArrayDeque<>();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> drained = new ArrayList<>();
    private long producerId;
    private short epoch;
    private int nextSeq;
    private boolean gap;

    public PartitionSequence(long producerId, int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > 5) {
            throw new IllegalArgumentException("maxInFlight must be 1 to 5 (the batches a leader remembers), got " + maxInFlight);
        }
        this.producerId = producerId;
        this.maxInFlight = maxInFlight;
    }

    /** A slot for a batch of {@code records} records, now or once the window and any reset allow it. */
    public CompletableFuture<Slot> acquire(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("a batch has at least one record, got " + records);
        }
        CompletableFuture<Slot> granted = new CompletableFuture<>();
        List<Runnable> done;
        synchronized (this) {
            waiters.add(new Waiter(records, granted));
            done = grant();
        }
        done.forEach(Runnable::run);
        return granted;
    }

    /**
     * Gives up waiting for a slot not yet granted; false when it was granted meanwhile (the caller
     * then owns the slot and must resolve it).
     */
    public boolean cancel(CompletableFuture<Slot> pending) {
        synchronized (this) {
            if (!waiters.removeIf(w -> w.granted() == pending)) {
                return false;
            }
        }
        pending.cancel(false);
        return true;
    }

    /** The slot's batch is in the log (appended now, or found to be a duplicate of its first append). */
    public void succeeded(Slot slot) {
        resolve(slot, false, null);
    }

    /** The slot's batch ended without success; its outcome may be unknown. Starts a new epoch once its epoch drains. */
    public void failed(Slot slot) {
        resolve(slot, true, null);
    }

    /**
     * The leader refused {@code slot} OUT_OF_ORDER_SEQUENCE_NUMBER with no earlier slot of its
     * epoch unresolved ({@link #earlierUnresolved} is null): the batch is not in the log (a refused
     * batch is never written), and under this sequence it never will be, since an earlier slot of
     * the epoch failed or the leader lost the producer's state. The slot counts as failed, and a
     * new slot for the same {@code records} is queued ahead of every waiter; it is granted in the
     * next epoch, once this one drains. The caller stamps the same records with it and sends them
     * again: written once, after all, instead of refused because a neighbour failed.
     */
    public CompletableFuture<Slot> reissue(Slot slot, int records) {
        CompletableFuture<Slot> granted = new CompletableFuture<>();
        resolve(slot, true, new Waiter(records, granted));
        return granted;
    }

    /**
     * What an OUT_OF_ORDER_SEQUENCE_NUMBER answer for {@code slot} waits for: the resolution of
     * every earlier unresolved slot of its epoch; null when there is none (the refusal is definite).
     */
    public synchronized CompletableFuture<Void> earlierUnresolved(Slot slot) {
        boolean earlier = false;
        for (InFlight other : window) {
            if (other.slot.equals(slot)) {
                break;
            }
            earlier |= !other.resolved;
        }
        if (!earlier) {
            return null;
        }
        CompletableFuture<Void> resolved = new CompletableFuture<>();
        drained.add(resolved);
        return resolved;
    }

    /** Whether new slots wait for a fresh producer id (every epoch of the current one is used up). */
    public synchronized boolean needsProducerId() {
        return gap && window.isEmpty() && epoch == Short.MAX_VALUE;
    }

    /** Continues with a fresh producer id at epoch 0, sequence 0. */
    public void renew(long newProducerId) {
        List<Runnable> done;
        synchronized (this) {
            producerId = newProducerId;
            epoch = 0;
            nextSeq = 0;
            gap = false;
            done = grant();
        }
        done.forEach(Runnable::run);
    }

    public synchronized int inFlight() {
        return (int) window.stream().filter(f -> !f.resolved).count();
    }

    public synchronized short epoch() {
        return epoch;
    }

    private void resolve(Slot slot, boolean failure, Waiter first) {
        List<Runnable> done;
        synchronized (this) {
            if (!removeIdentical(slot)) {
                throw new IllegalStateException("slot " + slot + " is not in flight");
            }
            gap |= failure;
            if (first != null) {
                waiters.addFirst(first);
            }
            done = grant();
            List<CompletableFuture<Void>> woken = new ArrayList<>(drained);
            drained.clear();
            woken.forEach(f -> done.add(() -> f.complete(null)));
        }
        done.forEach(Runnable::run);
    }

    /** Marks the slot resolved and slides the window past every resolved slot at its start. */
    private boolean removeIdentical(Slot slot) {
        boolean found = false;
        for (InFlight entry : window) {
            if (entry.slot == slot && !entry.resolved) {
                entry.resolved = true;
                found = true;
                break;
            }
        }
        while (!window.isEmpty() && window.peekFirst().resolved) {
            window.pollFirst();
        }
        return found;
    }

    /** Hands out what the window allows, in FIFO order; returns the completions to run unlocked. */
    private List<Runnable> grant() {
        List<Runnable> done = new ArrayList<>();
        if (gap && window.isEmpty() && epoch < Short.MAX_VALUE) {
            epoch++;
            nextSeq = 0;
            gap = false;
        }
        while (!gap && !waiters.isEmpty() && window.size() < maxInFlight) {
            Waiter waiter = waiters.poll();
            int last = wrap((long) nextSeq + waiter.records() - 1);
            Slot slot = new Slot(producerId, epoch, nextSeq, last);
            nextSeq = wrap((long) last + 1);
            window.add(new InFlight(slot));
            done.add(() -> {
                if (!waiter.granted().complete(slot)) {
                    // cancelled at the same moment: the slot was never sent, so it is a failure (a gap)
                    failed(slot);
                }
            });
        }
        return done;
    }

    /** Sequences wrap to 0 after Integer.MAX_VALUE, as Kafka's do. */
    private static int wrap(long sequence) {
        return (int) (sequence % ((long) Integer.MAX_VALUE + 1));
    }
}
