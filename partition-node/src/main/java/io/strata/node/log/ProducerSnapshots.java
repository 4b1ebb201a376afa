package io.strata.node.log;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshots of a log's producer state, so that opening a log replays the batch headers after the
 * newest snapshot instead of the whole log. One file per snapshot beside the segments, named by
 * the offset it covers: {@code 00000000000000052133.snapshot} holds the state of every batch
 * below offset 52133. Layout (big-endian):
 *
 * <pre>
 *  int16 version (1)
 *  int32 CRC32C of every byte after this field
 *  int32 producer count, then per producer:
 *        int64 producer id · int16 epoch · int8 batch count (1..5), then per batch:
 *        int32 first sequence · int32 last sequence · int64 first offset · int64 last offset · int64 max timestamp
 * </pre>
 *
 * <p>The log writes one when it rolls a segment and when it closes. A snapshot is written to a
 * {@code .tmp} file and renamed, without fsync: one torn by a power loss fails its CRC and is
 * deleted, and the state comes from an older snapshot or the log itself, so no snapshot is ever
 * trusted that does not match its bytes. Only the newest {@value #RETAINED} are kept (a truncation
 * below all of them replays from the log start), and none below the log start or above the log end.
 *
 * <p>Thread-safety: none; used under the owning log's write lock.
 */
final class ProducerSnapshots {

    static final String SUFFIX = ".snapshot";
    /** Snapshots kept: the last roll and a restart or two, enough for the short tail a follower truncates. */
    static final int RETAINED = 3;
    private static final System.Logger LOG = System.getLogger(ProducerSnapshots.class.getName());
    private static final short VERSION = 1;
    private static final int HEADER_BYTES = 2 + 4;
    private static final int PRODUCER_BYTES = 8 + 2 + 1;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    private final Path dir;
    private final TreeSet<Long> offsets = new TreeSet<>();

    private ProducerSnapshots(Path dir) {
        this.dir = dir;
    }

    /** The snapshots in {@code dir}, listed once; later changes go through this object. */
    static ProducerSnapshots open(Path dir) throws IOException {
        ProducerSnapshots snapshots = new ProducerSnapshots(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path path : (Iterable<Path>) entries::iterator) {
                String name = path.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    snapshots.offsets.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                }
            }
        }
        return snapshots;
    }

    /** Writes the state of everything below {@code offset}, then drops the oldest beyond {@value #RETAINED}. */
    void write(long offset, Collection<ProducerStateEntry> entries) throws IOException {
        Path file = path(offset);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, encode(entries).array());
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        offsets.add(offset);
        while (offsets.size() > RETAINED) {
            delete(offsets.first());
        }
    }

    /** The newest snapshot at or below {@code offset} that reads back intact; damaged ones are deleted on the way. */
    Optional<Loaded> latest(long offset) throws IOException {
        Long candidate = offsets.floor(offset);
        while (candidate != null) {
            Optional<List<ProducerStateEntry>> entries = read(path(candidate));
            if (entries.isPresent()) {
                return Optional.of(new Loaded(candidate, entries.get()));
            }
            LOG.log(System.Logger.Level.WARNING, "deleting damaged producer snapshot " + path(candidate));
            delete(candidate);
            candidate = offsets.floor(candidate);
        }
        return Optional.empty();
    }

    /** Deletes the snapshots above {@code offset}: they describe batches the log no longer has. */
    void deleteAfter(long offset) throws IOException {
        for (long above : List.copyOf(offsets.tailSet(offset, false))) {
            delete(above);
        }
    }

    /** Deletes the snapshots below {@code offset} (the new log start). */
    void deleteBefore(long offset) throws IOException {
        for (long below : List.copyOf(offsets.headSet(offset, false))) {
            delete(below);
        }
    }

    void deleteAll() throws IOException {
        deleteAfter(Long.MIN_VALUE);
    }

    /** The offsets of the snapshots on disk, oldest first. */
    List<Long> offsets() {
        return List.copyOf(offsets);
    }

    private void delete(long offset) throws IOException {
        offsets.remove(offset);
        Files.deleteIfExists(path(offset));
    }

    private Path path(long offset) {
        return dir.resolve(Segment.fileName(offset, SUFFIX));
    }

    private static ByteBuffer encode(Collection<ProducerStateEntry> entries) {
        int size = HEADER_BYTES + 4;
        for (ProducerStateEntry entry : entries) {
            size += PRODUCER_BYTES + entry.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putInt(entries.size());
        for (ProducerStateEntry entry : entries) {
            buffer.putLong(entry.producerId()).putShort(entry.epoch()).put((byte) entry.batches().size());
            for (BatchMetadata batch : entry.batches()) {
                buffer.putInt(batch.firstSeq()).putInt(batch.lastSeq()).putLong(batch.firstOffset())
                        .putLong(batch.lastOffset()).putLong(batch.maxTimestamp());
            }
        }
        buffer.putInt(2, crc(buffer.array()));
        return buffer;
    }

    /** The entries in a snapshot file, or empty when it is missing, torn, or fails its CRC. */
    static Optional<List<ProducerStateEntry>> read(Path file) throws IOException {
        ByteBuffer buffer;
        try {
            buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        if (buffer.remaining() < HEADER_BYTES + 4 || buffer.getShort(0) != VERSION || buffer.getInt(2) != crc(buffer.array())) {
            return Optional.empty();
        }
        try {
            buffer.position(HEADER_BYTES);
            int producers = buffer.getInt();
            List<ProducerStateEntry> entries = new ArrayList<>(Math.min(producers, buffer.remaining() / PRODUCER_BYTES));
            for (int i = 0; i < producers; i++) {
                entries.add(readEntry(buffer));
            }
            return buffer.hasRemaining() ? Optional.empty() : Optional.of(entries);
        } catch (BufferUnderflowException | IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static ProducerStateEntry readEntry(ByteBuffer buffer) {
        long producerId = buffer.getLong();
        short epoch = buffer.getShort();
        int count = buffer.get();
        List<BatchMetadata> batches = new ArrayList<>(Math.max(0, count));
        for (int i = 0; i < count; i++) {
            batches.add(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong(), buffer.getLong()));
        }
        return new ProducerStateEntry(producerId, epoch, batches);
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        return (int) crc.getValue();
    }

    /** A snapshot read back: the state of every batch below {@code offset}. */
    record Loaded(long offset, List<ProducerStateEntry> entries) {
    }
}
