package io.strata.node.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.Stream;

/**
 * What opening a partition log finds in its directory: the segments' base offsets (after removing
 * files a crash or a deletion left behind), and which segments cannot follow on from the ones
 * before them. Stateless; called by {@link PartitionLog} while it opens, before anyone reads.
 */
final class LogDirectory {

    private static final System.Logger LOG = System.getLogger(LogDirectory.class.getName());

    private LogDirectory() {
    }

    /** Base offsets of the segments on disk, in order; removes files a crash or deletion left behind. */
    static List<Long> scan(Path dir) throws IOException {
        List<Long> baseOffsets = new ArrayList<>();
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path path : (Iterable<Path>) entries::iterator) {
                String name = path.getFileName().toString();
                if (name.endsWith(".log")) {
                    baseOffsets.add(Long.parseLong(name.substring(0, name.length() - 4)));
                } else if (name.endsWith(".tmp")) {
                    leftovers.add(path);
                } else if (name.endsWith(".index") || name.endsWith(".timeindex")) {
                    String base = name.substring(0, name.indexOf('.'));
                    if (!Files.exists(dir.resolve(base + ".log"))) {
                        leftovers.add(path);
                    }
                }
            }
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        baseOffsets.sort(Comparator.naturalOrder());
        return baseOffsets;
    }

    /**
     * After a truncating recovery, segments beyond the cut cannot follow on: they are removed. In a
     * log with offset gaps a segment may end below the next one's base (the cleaner removed its
     * last records), which is a hole only when recovery cut that segment.
     */
    static void dropSegmentsAfterHole(NavigableMap<Long, Segment> segments, boolean offsetGapsAllowed) throws IOException {
        Segment previous = null;
        for (Segment segment : List.copyOf(segments.values())) {
            boolean hole = previous != null && (previous.nextOffset() > segment.baseOffset()
                    || previous.nextOffset() < segment.baseOffset() && (!offsetGapsAllowed || previous.truncatedByRecovery()));
            if (hole) {
                LOG.log(System.Logger.Level.WARNING, "deleting segment " + segment.logPath() + ": the log before it ends at "
                        + previous.nextOffset());
                segments.remove(segment.baseOffset());
                segment.delete();
                continue;
            }
            previous = segment;
        }
    }
}
