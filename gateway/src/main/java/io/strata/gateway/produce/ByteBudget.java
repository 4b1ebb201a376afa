package io.strata.gateway.produce;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * A budget of bytes shared by requests in flight (the gateway's in-flight produce bytes): a
 * request takes its bytes before it is sent and gives them back when it ends. When the budget is
 * spent, takers wait in FIFO order (back-pressure); the caller gives up after its own wait bound
 * ({@link #cancel}) and answers THROTTLED.
 *
 * <p>A single request larger than the whole budget is charged the whole budget (so it waits for
 * everything else to finish, but is not refused forever). Invariant: bytes taken ≤ limit.
 *
 * <p>Pure logic. Thread-safety: synchronized; futures are completed outside the lock.
 */
public final class ByteBudget {

    private record Waiter(long bytes, CompletableFuture<Long> granted) {
    }

    private final long limit;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private long taken;

    public ByteBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the budget must be at least 1 byte, got " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Takes {@code bytes} (at most the limit), now or once enough is given back; the future holds what was taken. */
    public CompletableFuture<Long> take(long bytes) {
        CompletableFuture<Long> granted = new CompletableFuture<>();
        Deque<Waiter> ready;
        synchronized (this) {
            waiters.add(new Waiter(Math.max(0, Math.min(bytes, limit)), granted));
            ready = admit();
        }
        ready.forEach(w -> w.granted().complete(w.bytes()));
        return granted;
    }

    /** Gives up a wait; false when it was granted meanwhile (the caller must then give the bytes back). */
    public boolean cancel(CompletableFuture<Long> pending) {
        synchronized (this) {
            if (!waiters.removeIf(w -> w.granted() == pending)) {
                return false;
            }
        }
        pending.cancel(false);
        return true;
    }

    /** Returns bytes taken earlier (the value the future of {@link #take} held). */
    public void giveBack(long bytes) {
        Deque<Waiter> ready;
        synchronized (this) {
            taken -= bytes;
            if (taken < 0) {
                throw new IllegalStateException("gave back more than was taken");
            }
            ready = admit();
        }
        ready.forEach(w -> w.granted().complete(w.bytes()));
    }

    public synchronized long taken() {
        return taken;
    }

    private Deque<Waiter> admit() {
        Deque<Waiter> ready = new ArrayDeque<>();
        while (!waiters.isEmpty() && taken + waiters.peek().bytes() <= limit) {
            Waiter waiter = waiters.poll();
            taken += waiter.bytes();
            ready.add(waiter);
        }
        return ready;
    }
}
