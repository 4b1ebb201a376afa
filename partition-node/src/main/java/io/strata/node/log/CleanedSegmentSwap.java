package io.strata.node.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The crash-safe replacement of a segment by the log cleaner's copy of it, and the recovery that
 * finishes or undoes a replacement a crash interrupted. One cleaned segment replaces exactly one
 * segment of the same base offset, so the files involved are named by that offset alone:
 *
 * <pre>
 *   step           files of base offset B after it             a crash here leaves, after recovery
 *   WRITTEN        B.log B.index B.timeindex (old)              the old segment (.cleaned deleted)
 *                  B.log.cleaned B.index.cleaned
 *                  B.timeindex.cleaned (fsynced)
 *   INDEXES_STAGED B.index.swap B.timeindex.swap, B.log.cleaned  the old segment (.swap indexes without
 *                                                                a B.log.swap are deleted)
 *   COMMITTED      B.log.swap (the commit point)                 the cleaned segment (recovery renames
 *                                                                the .swap files over the old ones)
 *   INDEXES_IN     B.index B.timeindex (new), B.log.swap         the cleaned segment (same)
 *   INSTALLED      B.log (new)                                   the cleaned segment
 * </pre>
 *
 * <p>Invariant: at every instant the directory holds, for base offset B, either the old segment
 * whole or the cleaned one whole (data and indexes of the same copy), and recovery picks exactly
 * one of them: the cleaned one iff {@code B.log.swap} exists or was already renamed to
 * {@code B.log}. Both copies hold every offset's newest record of each key the old one held (the
 * cleaner drops only records a later offset supersedes, and tombstones past their horizon), at
 * unchanged offsets, so whichever survives a kill nothing is lost and nothing is duplicated.
 * The indexes move before the log file on both renames, which is what lets the presence of
 * {@code B.log.swap} decide. Every rename is followed by an fsync of the directory; the
 * cleaned files are fsynced before the first rename.
 *
 * <p>Not thread-safe on its own: the log calls {@link #install} under its write lock and its
 * segment swap lock, and {@link #recover} while opening, before anyone reads.
 */
final class CleanedSegmentSwap {

    static final String CLEANED = ".cleaned";
    static final String SWAP = ".swap";

    /** The points between the steps of a swap, for tests that stop a swap there as a crash would. */
    enum Step { WRITTEN, INDEXES_STAGED, COMMITTED, INDEXES_IN, INSTALLED }

    /** Told as each step completes; a test hook may throw to stop the swap there. */
    @FunctionalInterface
    interface StepListener {
        StepListener NONE = step -> { };

        void reached(Step step) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(CleanedSegmentSwap.class.getName());
    private static final String[] INDEX_SUFFIXES = {".index", ".timeindex"};

    private CleanedSegmentSwap() {
    }

    /** Makes the cleaned copy durable (data, indexes, directory entries); the copy is not yet committed. */
    static void prepare(Path dir, Segment cleaned, StepListener listener) throws IOException {
        cleaned.writeIndexes();
        cleaned.flush();
        cleaned.close();
        fsyncDirectory(dir);
        listener.reached(Step.WRITTEN);
    }

    /** Commits a prepared copy: from the last rename on, a crash keeps the cleaned copy. */
    static void commit(Path dir, long base, StepListener listener) throws IOException {
        for (String suffix : INDEX_SUFFIXES) {
            move(dir, base, suffix + CLEANED, suffix + SWAP);
        }
        fsyncDirectory(dir);
        listener.reached(Step.INDEXES_STAGED);
        move(dir, base, ".log" + CLEANED, ".log" + SWAP);
        fsyncDirectory(dir);
        listener.reached(Step.COMMITTED);
    }

    /**
     * Renames a committed copy over the old segment's files (indexes first, the log file last).
     * The caller has made sure no reader holds the old files and forgets their cached handles.
     */
    static void install(Path dir, long base, StepListener listener) throws IOException {
        for (String suffix : INDEX_SUFFIXES) {
            if (Files.exists(path(dir, base, suffix + SWAP))) {
                move(dir, base, suffix + SWAP, suffix);
            }
        }
        fsyncDirectory(dir);
        listener.reached(Step.INDEXES_IN);
        move(dir, base, ".log" + SWAP, ".log");
        fsyncDirectory(dir);
        listener.reached(Step.INSTALLED);
    }

    /** Deletes an uncommitted copy (a cleaning that was abandoned): the old segment stays. */
    static void discard(Path dir, long base) throws IOException {
        for (String suffix : new String[] {".log", ".index", ".timeindex"}) {
            Files.deleteIfExists(path(dir, base, suffix + CLEANED));
        }
        for (String suffix : INDEX_SUFFIXES) {
            Files.deleteIfExists(path(dir, base, suffix + SWAP));
        }
    }

    /**
     * Finishes every committed swap in {@code dir} and deletes every uncommitted one, before the
     * log lists its segments. Returns the base offsets whose swaps were finished.
     */
    static List<Long> recover(Path dir) throws IOException {
        List<Long> committed = new ArrayList<>();
        List<Path> uncommitted = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path path : (Iterable<Path>) entries::iterator) {
                String name = path.getFileName().toString();
                if (name.endsWith(".log" + SWAP)) {
                    committed.add(Long.parseLong(name.substring(0, name.indexOf('.'))));
                } else if (name.endsWith(CLEANED)) {
                    uncommitted.add(path);
                }
            }
        }
        for (Path path : uncommitted) {
            Files.delete(path);
        }
        for (long base : committed) {
            LOG.log(System.Logger.Level.INFO, "finishing the swap of the cleaned segment " + path(dir, base, ".log"));
            install(dir, base, StepListener.NONE);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path path : (Iterable<Path>) entries::iterator) {
                if (path.getFileName().toString().endsWith(SWAP)) {
                    Files.delete(path);
                }
            }
        }
        if (!uncommitted.isEmpty()) {
            fsyncDirectory(dir);
        }
        return committed;
    }

    private static void move(Path dir, long base, String fromSuffix, String toSuffix) throws IOException {
        Files.move(path(dir, base, fromSuffix), path(dir, base, toSuffix), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    static Path path(Path dir, long base, String suffix) {
        return dir.resolve(Segment.fileName(base, suffix));
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
