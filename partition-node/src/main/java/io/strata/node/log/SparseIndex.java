package io.strata.node.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file of fixed-size entries sorted by a key, searched by binary search. Entries are read with
 * positional reads through {@link FileHandles} rather than kept in memory or mapped, so an index
 * costs no heap and no address space however many partitions a node holds; the OS page cache keeps
 * the hot ones fast. New entries gather in a small buffer and reach the file when it fills, on
 * flush and on close, so appends do not pay a system call per entry. The buffer starts at
 * {@value #INITIAL_BUFFERED_ENTRIES} entries, doubles as entries come, and goes back to that size
 * once written out: a node holds two indexes per replica, and at 10,000 replicas buffers allocated
 * whole ({@value #BUFFERED_ENTRIES} entries, 10 KiB a replica) were 100 MB of a node's live heap
 * (2026-12-06) although an idle or new partition has at most a few entries.
 *
 * <p>Invariants: keys strictly increase; the file holds {@code fileEntries} whole entries and the
 * buffer the ones after them. A crash may lose buffered entries: recovery rebuilds the index of any
 * segment past the recovery point, and {@link #flush()} writes them before the recovery point moves.
 *
 * <p>Thread-safety: entries are added by the log's single writer while fetches look up; both
 * hold this object's monitor for a few positional reads at most, once per fetch and once per index
 * interval of appended bytes, so a monitor is cheaper here than lock-free snapshots.
 */
abstract class SparseIndex {

    /** Buffered entries that are written out at the next {@link #reserve()}. */
    private static final int BUFFERED_ENTRIES = 512;
    /** The buffer's size while it holds few entries: one replica's both indexes then cost 80 bytes. */
    static final int INITIAL_BUFFERED_ENTRIES = 4;

    private final Path path;
    private final FileHandles files;
    private final int entrySize;
    private final int maxEntries;
    private int fileEntries;
    private ByteBuffer buffered;

    SparseIndex(Path path, FileHandles files, int entrySize, int maxIndexBytes) throws IOException {
        this.path = path;
        this.files = files;
        this.entrySize = entrySize;
        this.maxEntries = Math.max(1, maxIndexBytes / entrySize);
        this.buffered = ByteBuffer.allocate(INITIAL_BUFFERED_ENTRIES * entrySize);
        if (!Files.exists(path)) {
            Files.createFile(path);
        }
        this.fileEntries = (int) Math.min(Files.size(path) / entrySize, maxEntries);
    }

    /** The key stored in an entry (a relative offset or a timestamp) at its position in the buffer. */
    abstract long keyAt(ByteBuffer entry, int position);

    final Path path() {
        return path;
    }

    final synchronized int entries() {
        return fileEntries + buffered.position() / entrySize;
    }

    final synchronized boolean isFull() {
        return entries() >= maxEntries;
    }

    /** Whether the file holds a torn entry or more entries than allowed: then it must be rebuilt. */
    final boolean fileLooksDamaged() throws IOException {
        long bytes = Files.size(path);
        return bytes % entrySize != 0 || bytes / entrySize > maxEntries;
    }

    /**
     * Writes buffered entries out once the buffer is full. Called before a log append so that an
     * I/O failure happens before the append rather than after it: {@link #add} does no I/O.
     */
    final synchronized void reserve() throws IOException {
        if (buffered.position() >= BUFFERED_ENTRIES * entrySize) {
            writeBuffered();
        }
    }

    /**
     * Adds an entry (its key must exceed the last one). A full index skips it: the index is
     * sparse, so a missing entry costs a longer scan, never a wrong answer, and the log rolls to a
     * new segment before its next append.
     */
    final synchronized void add(ByteBuffer entry) {
        if (entries() >= maxEntries) {
            return;
        }
        if (!buffered.hasRemaining()) {
            buffered = ByteBuffer.allocate(buffered.capacity() * 2).put(buffered.flip());
        }
        buffered.put(entry);
    }

    /** The index of the last entry whose key is at most {@code target}, or -1 when there is none. */
    final synchronized int floor(long target) throws IOException {
        int low = 0;
        int high = entries() - 1;
        int found = -1;
        ByteBuffer entry = ByteBuffer.allocate(entrySize);
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (key(mid, entry) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The entry at {@code index}, read into a fresh buffer positioned at 0. */
    final synchronized ByteBuffer entry(int index) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(entrySize);
        read(index, entry);
        return entry.flip();
    }

    /** Drops every entry from {@code index} on. */
    final synchronized void truncateToEntries(int index) throws IOException {
        if (index >= fileEntries) {
            buffered.position((index - fileEntries) * entrySize);
            return;
        }
        emptyBuffer();
        fileEntries = index;
        try (FileHandles.Lease lease = files.acquire(path)) {
            lease.channel().truncate((long) index * entrySize);
        }
    }

    /** Writes buffered entries to the file and fsyncs it. */
    final synchronized void flush() throws IOException {
        writeBuffered();
        try (FileHandles.Lease lease = files.acquire(path)) {
            lease.channel().force(true);
        }
    }

    /** Writes buffered entries to the file without fsync (on roll and close). */
    final synchronized void writeBuffered() throws IOException {
        if (buffered.position() == 0) {
            return;
        }
        buffered.flip();
        try (FileHandles.Lease lease = files.acquire(path)) {
            long at = (long) fileEntries * entrySize;
            while (buffered.hasRemaining()) {
                at += lease.channel().write(buffered, at);
            }
        } catch (IOException e) {
            buffered.position(buffered.limit()).limit(buffered.capacity());
            throw e;
        }
        fileEntries += buffered.limit() / entrySize;
        emptyBuffer();
    }

    final synchronized void delete() throws IOException {
        files.forget(path);
        Files.deleteIfExists(path);
        fileEntries = 0;
        emptyBuffer();
    }

    /** Bytes the entry buffer holds room for (tests: an idle index stays small). */
    final synchronized int bufferCapacityBytes() {
        return buffered.capacity();
    }

    private void emptyBuffer() {
        if (buffered.capacity() > INITIAL_BUFFERED_ENTRIES * entrySize) {
            buffered = ByteBuffer.allocate(INITIAL_BUFFERED_ENTRIES * entrySize);
        } else {
            buffered.clear();
        }
    }

    private long key(int index, ByteBuffer scratch) throws IOException {
        if (index >= fileEntries) {
            return keyAt(buffered, (index - fileEntries) * entrySize);
        }
        scratch.clear();
        read(index, scratch);
        return keyAt(scratch, 0);
    }

    private void read(int index, ByteBuffer into) throws IOException {
        if (index >= fileEntries) {
            into.put(0, buffered, (index - fileEntries) * entrySize, entrySize);
            into.position(entrySize);
            return;
        }
        try (FileHandles.Lease lease = files.acquire(path)) {
            long at = (long) index * entrySize;
            while (into.hasRemaining()) {
                int read = lease.channel().read(into, at + into.position());
                if (read < 0) {
                    throw new IOException("index " + path + " ends inside entry " + index);
                }
            }
        }
    }
}
