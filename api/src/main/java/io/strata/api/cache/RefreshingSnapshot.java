package io.strata.api.cache;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read whole from the metadata service (the ACLs, the client quotas) and kept as one
 * immutable snapshot, re-read when older than a TTL.
 *
 * <p>Design: a TTL, not the metadata watch (these are no metadata events). The first caller waits
 * for the first read (asynchronously: its stage completes when the read answers; no thread
 * waits). Afterwards a caller gets the snapshot held at once, never waiting: callers hand on a
 * connection's requests in the order they came, and one continued later on the thread that ends a
 * read could overtake the next. The owner calls {@link #renew()} every half TTL, which re-reads a
 * snapshot half a TTL old; a caller that meets one older than the TTL (a renewal late or failed)
 * starts a re-read too.
 *
 * <p>Invariant: while reads succeed, no caller is given a snapshot read more than one TTL plus one
 * read ago, whether or not callers came in between, so a change made through another node is in
 * force here within the TTL plus one read. (Re-reading only when a caller came let a node idle for
 * an hour decide its next request with the hour-old copy.) A change made through this node calls
 * {@link #refresh()} and awaits it. A failed re-read keeps the last snapshot (logged; the next
 * renewal or caller retries); a failed first read fails the caller's stage.
 *
 * <p>Thread-safe: the snapshot and the read in flight are atomic references; the loader is called
 * at most once at a time.
 *
 * @param <T> the immutable value
 */
public final class RefreshingSnapshot<T> {

    private static final Logger LOG = Logger.getLogger(RefreshingSnapshot.class);

    private final String what;
    private final Supplier<CompletionStage<T>> loader;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<Held<T>> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<T>> loading = new AtomicReference<>();

    private record Held<T>(T value, long readAtNanos) {
    }

    /** {@code what} names the value in log lines, e.g. "the ACLs". */
    public RefreshingSnapshot(String what, Supplier<CompletionStage<T>> loader, Duration ttl, LongSupplier nanoClock) {
        this.what = what;
        this.loader = loader;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The value: at once once a snapshot exists (re-reading it in the background when old). */
    public CompletionStage<T> get() {
        Held<T> held = current.get();
        if (held == null) {
            return refresh();
        }
        if (nanoClock.getAsLong() - held.readAtNanos() >= ttlNanos) {
            refresh();
        }
        return CompletableFuture.completedFuture(held.value());
    }

    /**
     * Re-reads the value, in the background, when the snapshot held is half a TTL old or more; does
     * nothing before the first read (a caller starts that) or when it is younger. The owner calls
     * it every half TTL from a timer whose only job this is.
     */
    public void renew() {
        Held<T> held = current.get();
        if (held != null && nanoClock.getAsLong() - held.readAtNanos() >= ttlNanos / 2) {
            refresh();
        }
    }

    /** How often the owner calls {@link #renew()}: half the TTL, at least 1 ms. */
    public Duration renewalPeriod() {
        return Duration.ofNanos(Math.max(ttlNanos / 2, 1_000_000));
    }

    /** Reads the value again (joining a read in flight); the stage completes with the new snapshot. */
    public CompletionStage<T> refresh() {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> inFlight = loading.compareAndExchange(null, mine);
        if (inFlight != null) {
            return inFlight;
        }
        long started = nanoClock.getAsLong();
        CompletionStage<T> read;
        try {
            read = loader.get();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((value, failure) -> {
            loading.set(null);
            if (failure == null) {
                current.set(new Held<>(value, started));
                mine.complete(value);
                return;
            }
            Held<T> last = current.get();
            if (last == null) {
                mine.completeExceptionally(failure);
            } else {
                LOG.warnf("cannot re-read %s (%s): keeping the copy read before", what, failure.getMessage());
                mine.complete(last.value());
            }
        });
        return mine;
    }
}
