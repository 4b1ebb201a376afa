package io.strata.node.replica;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Renames in a data directory that either happen whole or not at all, and survive a crash: one
 * atomic {@code rename(2)}, then an fsync of the parent directory so that the new name is on disk
 * before anything relies on it.
 *
 * <p>Stateless; safe from any thread.
 */
public final class AtomicRenames {

    private AtomicRenames() {
    }

    /**
     * Renames {@code dir} to {@code <its name>.<uuid><suffix>} beside it (Kafka's form, e.g.
     * {@code orders-0.1f2e...-delete}), a name no replica directory can have.
     *
     * @return the new path
     */
    public static Path renameAside(Path dir, String suffix) throws IOException {
        Path aside = dir.resolveSibling(dir.getFileName() + "." + ReplicaDeleter.uniqueMarker() + suffix);
        move(dir, aside);
        return aside;
    }

    /** Atomically replaces {@code to} with {@code from} (same directory), then fsyncs that directory. */
    public static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(to.toAbsolutePath().getParent());
    }

    /** Makes the entries of a directory (creations, renames, removals) durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
