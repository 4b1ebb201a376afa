package io.strata.gateway.fetch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fetches a gateway has started on a consumer's behalf before it asked: when an answer comes back
 * full, the consumer will most likely ask next for what follows it, so the gateway asks the
 * leader for that at once and keeps the pending answer here. The consumer's next fetch then finds
 * it on its way, and the leader's read, its transfer and the gateway's decoding overlap with the
 * previous answer's trip to the consumer instead of following it.
 *
 * <p>Why this is safe to serve: an answer only holds records below the high watermark, which are
 * never rewritten, so an answer read a moment early holds the same records as one read now; only
 * its high watermark may be a little older, which a consumer already has to allow for.
 *
 * <p>Bounds: an entry is served once, is dropped once it is older than {@code maxAgeNanos}
 * unasked (the consumer sought elsewhere, or left; checked at every take and reserve, so with no
 * fetches at all up to {@code maxBytes} of answers stay referenced), and the entries together may
 * have asked for at most {@code maxBytes}; past that no read-ahead starts until some are taken or
 * dropped.
 *
 * <p>Thread-safety: all methods synchronise on this object; each does a map operation or a short
 * scan of the (small, bounded) map, never I/O.
 *
 * @param <T> the pending answer (a memoised reply, for the gateway)
 */
public final class ReadAhead<T> {

    /** Which fetch an entry answers: a consumer's next fetch names the same four values. */
    public record Key(String topic, int partition, long offset, int maxBytes) {
        public Key {
            Objects.requireNonNull(topic, "topic");
        }
    }

    private record Entry<T>(T pending, long startedNanos, int maxBytes) {
    }

    private final long maxBytes;
    private final long maxAgeNanos;
    private final Map<Key, Entry<T>> entries = new LinkedHashMap<>();
    private long reservedBytes;

    public ReadAhead(long maxBytes, long maxAgeNanos) {
        if (maxBytes < 0 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("maxBytes must be 0 or more and maxAgeNanos above 0, got "
                    + maxBytes + " and " + maxAgeNanos);
        }
        this.maxBytes = maxBytes;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** The pending answer for {@code key}, removed so it is served once; null if there is none (or it is too old). */
    public synchronized T take(Key key, long nowNanos) {
        dropExpired(nowNanos);
        Entry<T> entry = entries.remove(key);
        if (entry == null) {
            return null;
        }
        reservedBytes -= entry.maxBytes();
        return entry.pending();
    }

    /**
     * Whether a read-ahead for {@code key} may start now: none is pending for it and the bytes it
     * may bring fit the budget. If so it is reserved, and must be {@link #put} or {@link #release}d.
     */
    public synchronized boolean reserve(Key key, long nowNanos) {
        dropExpired(nowNanos);
        if (entries.containsKey(key) || reservedBytes + key.maxBytes() > maxBytes) {
            return false;
        }
        reservedBytes += key.maxBytes();
        entries.put(key, new Entry<>(null, nowNanos, key.maxBytes()));
        return true;
    }

    /** Stores the pending answer of a reserved read-ahead. */
    public synchronized void put(Key key, T pending, long nowNanos) {
        Entry<T> reserved = entries.get(key);
        if (reserved != null && reserved.pending() == null) {
            entries.put(key, new Entry<>(pending, reserved.startedNanos(), reserved.maxBytes()));
        }
    }

    /** Gives back a reservation whose read-ahead did not start. */
    public synchronized void release(Key key) {
        Entry<T> entry = entries.remove(key);
        if (entry != null) {
            reservedBytes -= entry.maxBytes();
        }
    }

    /** How many read-aheads are pending. */
    public synchronized int size() {
        return entries.size();
    }

    private void dropExpired(long nowNanos) {
        Iterator<Entry<T>> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry<T> entry = it.next();
            if (nowNanos - entry.startedNanos() <= maxAgeNanos) {
                break; // insertion order is start order: the rest are younger
            }
            reservedBytes -= entry.maxBytes();
            it.remove();
        }
    }
}
