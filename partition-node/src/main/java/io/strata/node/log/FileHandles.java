package io.strata.node.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's open files, shared by all partition logs so that thousands of partitions do not
 * exhaust file descriptors: a file is opened when it is used and the least recently used one is
 * closed when more than {@code maxOpen} are open.
 *
 * <p>Invariant: a channel with a lease out is never closed (a reader or the writer may be in the
 * middle of a positional read or write). So more than {@code maxOpen} channels stay open only
 * while more than {@code maxOpen} leases are out at once, which the number of I/O threads bounds.
 *
 * <p>Thread-safe. One monitor guards the LRU map: leases are taken once per append or read and
 * hold it for a map lookup, so a monitor is cheaper here than a concurrent LRU. Opening a file
 * happens under it too; that is a cache miss, rare once the working set fits.
 */
public final class FileHandles implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FileHandles.class.getName());

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
    private final Opener opener;
    private final LinkedHashMap<Path, Handle> open = new LinkedHashMap<>(64, 0.75f, true);
    private boolean closed;

    public FileHandles(int maxOpen) {
        this(maxOpen, READ_WRITE);
    }

    public FileHandles(int maxOpen, Opener opener) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be at least 1, got " + maxOpen);
        }
        this.maxOpen = maxOpen;
        this.opener = opener;
    }

    /** The channel of an existing file, open until the lease is closed. */
    public Lease acquire(Path path) throws IOException {
        List<Handle> evicted;
        Handle handle;
        synchronized (this) {
            if (closed) {
                throw new IOException("file handles are closed (node shutting down): " + path);
            }
            handle = open.get(path);
            if (handle == null) {
                handle = new Handle(path, opener.open(path));
                open.put(path, handle);
            }
            handle.leases++;
            evicted = evictIdle();
        }
        closeAll(evicted);
        return new Lease(handle);
    }

    /** Closes the file if open (before it is deleted or renamed); a leased channel closes on release. */
    public void forget(Path path) {
        Handle handle;
        synchronized (this) {
            handle = open.remove(path);
            if (handle == null) {
                return;
            }
            handle.forgotten = true;
            if (handle.leases > 0) {
                return;
            }
        }
        closeQuietly(handle);
    }

    /** How many channels are open now. */
    public synchronized int openCount() {
        return open.size();
    }

    public int maxOpen() {
        return maxOpen;
    }

    @Override
    public void close() {
        List<Handle> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        closeAll(all);
    }

    private synchronized void release(Handle handle) {
        handle.leases--;
        if (handle.leases == 0 && handle.forgotten) {
            closeQuietly(handle);
        }
    }

    private List<Handle> evictIdle() {
        List<Handle> evicted = List.of();
        Iterator<Map.Entry<Path, Handle>> eldestFirst = open.entrySet().iterator();
        while (open.size() > maxOpen && eldestFirst.hasNext()) {
            Handle candidate = eldestFirst.next().getValue();
            if (candidate.leases == 0) {
                eldestFirst.remove();
                if (evicted.isEmpty()) {
                    evicted = new ArrayList<>();
                }
                evicted.add(candidate);
            }
        }
        return evicted;
    }

    private static void closeAll(List<Handle> handles) {
        handles.forEach(FileHandles::closeQuietly);
    }

    private static void closeQuietly(Handle handle) {
        try {
            handle.channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close " + handle.path, e);
        }
    }

    private static final class Handle {
        final Path path;
        final FileChannel channel;
        int leases;
        boolean forgotten;

        Handle(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    /** A channel that stays open until this lease is closed. Not to be shared across threads. */
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
                release(handle);
            }
        }
    }
}
