package io.strata.node.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Removes deleted replica directories in the background, as Kafka does: a replica to delete is
 * first renamed to {@code <topic>-<partition>.<uuid>-delete} (one atomic rename, then an fsync of
 * the data directory), and only then are its files removed, on this object's own thread.
 *
 * <p>Invariants: a directory is removed only once its name ends in {@value #DELETE_SUFFIX}, so a
 * crash in the middle of a removal leaves a directory that says what it is, never a half-deleted
 * replica that would be opened as one; directories so marked and left by a crash are removed at
 * the next start ({@link #removeLeftovers}).
 *
 * <p>One thread, one job: the {@code strata-replica-deleter} thread removes files and does nothing
 * else, so deleting a large topic never holds up the metadata thread that asked for it, nor the
 * heartbeats. {@link #markAndRemove} and {@link #removeLeftovers} may be called from any thread.
 */
public final class ReplicaDeleter implements AutoCloseable {

    /** What marks a directory as deleted; Kafka uses the same suffix. */
    public static final String DELETE_SUFFIX = "-delete";

    private static final System.Logger LOG = System.getLogger(ReplicaDeleter.class.getName());

    /** Removes one marked directory with everything in it (swapped for a slow one in tests). */
    @FunctionalInterface
    public interface Removal {
        void remove(Path dir) throws IOException;
    }

    private final Removal removal;
    private final ExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger();

    public ReplicaDeleter() {
        this(ReplicaDeleter::removeRecursively);
    }

    public ReplicaDeleter(Removal removal) {
        this.removal = removal;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-replica-deleter");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Renames {@code dir} aside as deleted and queues its removal.
     *
     * @return the marked directory (gone once the background removal has run)
     */
    public Path markAndRemove(Path dir) throws IOException {
        Path marked = AtomicRenames.renameAside(dir, DELETE_SUFFIX);
        schedule(marked);
        return marked;
    }

    /** Queues the removal of every directory of {@code dataDir} already marked deleted (left by a crash). */
    public List<Path> removeLeftovers(Path dataDir) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(dataDir)) {
            leftovers = entries.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().endsWith(DELETE_SUFFIX)).toList();
        }
        for (Path dir : leftovers) {
            LOG.log(System.Logger.Level.INFO, "removing " + dir + ", a replica deleted before the last stop");
            schedule(dir);
        }
        return leftovers;
    }

    /** How many marked directories are still to be removed. */
    public int pending() {
        return pending.get();
    }

    private void schedule(Path marked) {
        pending.incrementAndGet();
        try {
            thread.execute(() -> {
                try {
                    removal.remove(marked);
                    LOG.log(System.Logger.Level.INFO, "removed " + marked);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove " + marked + " (" + e
                            + "); it is removed at the next start");
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException closing) {
            pending.decrementAndGet(); // the node is stopping: the marked directory goes at the next start
        }
    }

    /** Removes a directory tree, deepest entries first. */
    static void removeRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Stops after the removal under way; what is left is removed at the next start. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A unique marker for a directory renamed aside: a UUID without dashes, as Kafka writes it. */
    static String uniqueMarker() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
