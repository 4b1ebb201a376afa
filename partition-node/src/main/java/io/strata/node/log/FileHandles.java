package io.strata.node.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The node's open files, shared by all partition logs so that thousands of partitions do not
 * exhaust file descriptors: a file is opened when it is used, and idle files, least recently used
 * first, are closed once more than {@code maxOpen} are cached.
 *
 * <p><b>How.</b> A concurrent map from path to a handle with a reference count. The cache holds one
 * reference to each handle in the map and every {@link Lease} one more; whoever removes a handle
 * from the map drops the cache's reference, and whoever drops the count to zero closes the
 * channel. A count at zero never rises again, so a lookup that finds such a handle looks again.
 *
 * <p><b>Invariants.</b>
 * <ol>
 *   <li><i>A leased channel is never closed</i> by this class: a channel closes only when its count
 *       reaches zero, and a lease holds one.</li>
 *   <li><i>Lookups take no shared lock.</i> A hit is a map read, a compare-and-set on that file's
 *       count and, at most once a millisecond, a write of its recency stamp. A miss opens the file
 *       outside any lock, then publishes it with {@code putIfAbsent}: of two racing opens of one path
 *       one channel is kept and the other closed at once. Eviction runs, without a lock, in the
 *       thread that finds the cache over its bound: the one that published a handle, or the one
 *       whose release left a handle idle while the cache was over its bound.</li>
 *   <li><i>Bounded descriptors.</i> Open channels ≤ {@code maxOpen} + leases out + acquires in
 *       progress; once no acquire is in progress, ≤ {@code maxOpen} + leases out. Eviction removes
 *       idle handles oldest first down to {@code maxOpen − maxOpen/16}, so one scan of the map pays
 *       for many misses. (A tryLock'd evictor was tried first: while it was descheduled, other
 *       threads went on publishing, and the stress test saw the bound exceeded.)</li>
 *   <li><i>A forgotten or closed path is never brought back.</i> After {@link #forget} returns, the
 *       cache holds no channel opened before the call began: an open that overlapped it (seen through
 *       a per-stripe counter of forgets, checked after publishing) serves its own lease and then
 *       leaves the cache. The same holds for {@link #close()}; afterwards acquire fails, and once the
 *       last lease is released no channel is open.</li>
 *   <li>A channel found closed under the cache (the JDK closes a channel whose reading thread is
 *       interrupted) is dropped at the next lookup and the file opened again.</li>
 * </ol>
 *
 * <p>Callers still order a forget before deleting or renaming the file, and open no new lease of the
 * path between the two (the segment's owner guarantees that), or the new lease could reopen the old
 * file.
 *
 * <p>Thread-safe; leases are not to be shared across threads.
 */
public final class FileHandles implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FileHandles.class.getName());
    /** Forget counters are striped by path hash: an overlapping forget of another path only costs a cache slot. */
    private static final int FORGET_STRIPES = 64;
    /** Recency resolution: a handle used within this long keeps its stamp, saving a shared write per read. */
    private static final long RECENCY_RESOLUTION_NANOS = 1_000_000;

    /** Opens a file for positional reads and writes; tests inject faults through it. */
    @FunctionalInterface
    public interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    /**
     * Opens an existing file: files are created explicitly by their owners, so a read racing the
     * deletion of a segment fails instead of bringing back an empty file.
     */
    public static final Opener READ_WRITE = path -> FileChannel.open(path,
            StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final int maxOpen;
    private final int evictDownTo;
    private final Opener opener;
    private final ConcurrentHashMap<Path, Handle> cached = new ConcurrentHashMap<>();
    private final AtomicLongArray forgets = new AtomicLongArray(FORGET_STRIPES);
    private final AtomicInteger openChannels = new AtomicInteger();
    private volatile boolean closed;

    public FileHandles(int maxOpen) {
        this(maxOpen, READ_WRITE);
    }

    public FileHandles(int maxOpen, Opener opener) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be at least 1, got " + maxOpen);
        }
        this.maxOpen = maxOpen;
        this.evictDownTo = maxOpen - maxOpen / 16;
        this.opener = opener;
    }

    /** The channel of an existing file, open until the lease is closed. */
    public Lease acquire(Path path) throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("file handles are closed (node shutting down): " + path);
            }
            Handle handle = cached.get(path);
            if (handle == null) {
                Lease lease = openAndCache(path);
                if (lease != null) {
                    return lease;
                }
            } else if (handle.retain()) {
                if (handle.channel.isOpen()) {
                    handle.touch();
                    return new Lease(handle);
                }
                uncache(handle);
                handle.release();
            }
            // else: the handle left the map between our read and our retain; look again.
        }
    }

    /** Closes the file if open (before it is deleted or renamed); a leased channel closes on release. */
    public void forget(Path path) {
        forgets.incrementAndGet(stripeOf(path));
        Handle handle = cached.get(path);
        if (handle != null) {
            uncache(handle);
        }
    }

    /** How many channels are open now, leased ones that left the cache included. */
    public int openCount() {
        return openChannels.get();
    }

    public int maxOpen() {
        return maxOpen;
    }

    @Override
    public void close() {
        closed = true;
        for (Handle handle : cached.values()) {
            uncache(handle);
        }
    }

    /** Opens {@code path} and publishes it; null when a racing open won and its handle is already gone. */
    private Lease openAndCache(Path path) throws IOException {
        int stripe = stripeOf(path);
        long forgetsBefore = forgets.get(stripe);
        Handle fresh = new Handle(path, opener.open(path));
        openChannels.incrementAndGet();
        Handle raced = cached.putIfAbsent(path, fresh);
        if (raced != null) {
            fresh.closeUnpublished();
            if (raced.retain()) {
                raced.touch();
                return new Lease(raced);
            }
            return null;
        }
        if (forgets.get(stripe) != forgetsBefore || closed) {
            // A forget (of this path or one on its stripe) or close() overlapped the open: the channel
            // may be of a file deleted or replaced since; it serves this lease but is not kept.
            uncache(fresh);
        } else if (cached.size() > maxOpen) {
            evictIdle();
        }
        return new Lease(fresh);
    }

    /** Removes {@code handle} from the map and drops the cache's reference; false if it was not there. */
    private boolean uncache(Handle handle) {
        if (cached.remove(handle.path, handle)) {
            handle.release();
            return true;
        }
        return false;
    }

    /**
     * Closes idle handles, least recently used first, down to {@code evictDownTo}, once more than
     * {@code maxOpen} are cached. Runs in the thread that found the cache over its bound (after a
     * publish, or a release that left a handle idle), without a lock: two threads evicting at once
     * may close a few handles more than needed, never a leased one.
     */
    private void evictIdle() {
        int size = cached.size();
        if (size <= maxOpen) {
            return;
        }
        List<IdleHandle> idle = new ArrayList<>();
        for (Handle handle : cached.values()) {
            if (handle.isIdle()) {
                idle.add(new IdleHandle(handle.lastUsedNanos, handle));
            }
        }
        idle.sort(Comparator.comparingLong(IdleHandle::lastUsedNanos));
        int excess = size - evictDownTo;
        for (int i = 0; i < idle.size() && excess > 0; i++) {
            Handle handle = idle.get(i).handle();
            // A lease taken since the scan keeps the channel open (it closes on release), uncached.
            if (handle.isIdle() && uncache(handle)) {
                excess--;
            }
        }
    }

    private static int stripeOf(Path path) {
        int hash = path.hashCode();
        return (hash ^ (hash >>> 16)) & (FORGET_STRIPES - 1);
    }

    private void closeChannel(Handle handle) {
        openChannels.decrementAndGet();
        try {
            handle.channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close " + handle.path, e);
        }
    }

    /** A snapshot of an idle handle's stamp, so that sorting sees values that do not move. */
    private record IdleHandle(long lastUsedNanos, Handle handle) {
    }

    /** One open channel and its reference count (the cache's reference plus one per lease). */
    private final class Handle {
        final Path path;
        final FileChannel channel;
        final AtomicInteger references = new AtomicInteger(2);
        volatile long lastUsedNanos = System.nanoTime();

        /** A handle with the cache's reference and its opener's lease. */
        Handle(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        boolean retain() {
            while (true) {
                int now = references.get();
                if (now == 0) {
                    return false;
                }
                if (references.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }

        void release() {
            int left = references.decrementAndGet();
            if (left == 0) {
                closeChannel(this);
            } else if (left < 0) {
                throw new IllegalStateException("released " + path + " more often than retained (count " + left + ")");
            } else if (left == 1 && cached.size() > maxOpen) {
                evictIdle();
            }
        }

        /** In the map with no lease out (the cache's reference is the only one). */
        boolean isIdle() {
            return references.get() == 1;
        }

        void touch() {
            long now = System.nanoTime();
            if (now - lastUsedNanos > RECENCY_RESOLUTION_NANOS) {
                lastUsedNanos = now;
            }
        }

        /** Closes a channel that lost a race to be published: no one else ever saw it. */
        void closeUnpublished() {
            references.set(0);
            closeChannel(this);
        }
    }

    /**
     * A channel that stays open until this lease is closed. Not to be shared across threads; it
     * may be handed to another thread (with a happens-before edge, e.g. through a future) that
     * then closes it, as a {@link LogSlice} is.
     */
    public final class Lease implements AutoCloseable {
        private final Handle handle;
        private boolean released;

        private Lease(Handle handle) {
            this.handle = handle;
        }

        public FileChannel channel() {
            return handle.channel;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                handle.release();
            }
        }
    }
}
