package io.strata.adminui.message;

import io.strata.adminui.gateway.PartitionReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One live-tail poll's plan: which offsets of which partitions to read, given where the tail stands
 * and each partition's log start and high watermark. At most {@code budget} records in all, split
 * evenly between the partitions with new records (at least one each); of a partition with more new
 * records than its share only the newest are read and the rest counted as skipped, as are records
 * that retention removed before the tail reached them. Pure and immutable.
 *
 * @param reads   the reads to make, by partition
 * @param skipped records jumped over in this poll
 * @param next    each partition's next offset once the reads are done (a read that returns fewer
 *                records moves it less: see {@link TailCursor})
 */
public record TailPlan(List<Read> reads, long skipped, Map<Integer, Long> next) {

    /** Read {@code count} records of {@code partition} from {@code from}. */
    public record Read(int partition, long from, int count) {
    }

    public TailPlan {
        reads = List.copyOf(reads);
        next = Map.copyOf(next);
    }

    public static TailPlan of(List<PartitionReport> partitions, TailCursor cursor, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("the per-poll budget must be at least 1, got " + budget);
        }
        Map<Integer, Long> next = new TreeMap<>();
        List<PartitionReport> withNew = new ArrayList<>();
        for (PartitionReport p : partitions) {
            long logStart = p.logStartOffset() == null ? 0 : p.logStartOffset();
            long from = cursor.nextOf(p.partition(), logStart);
            next.put(p.partition(), from);
            if (p.highWatermark() != null && p.highWatermark() > from) {
                withNew.add(p);
            }
        }
        long share = withNew.isEmpty() ? 0 : Math.max(1, budget / withNew.size());
        List<Read> reads = new ArrayList<>();
        long skipped = 0;
        for (PartitionReport p : withNew) {
            long logStart = p.logStartOffset() == null ? 0 : p.logStartOffset();
            long from = Math.max(next.get(p.partition()), logStart);
            long end = p.highWatermark();
            long start = Math.max(from, end - share);
            skipped += start - next.get(p.partition());
            if (start < end) {
                reads.add(new Read(p.partition(), start, (int) (end - start)));
            }
            next.put(p.partition(), end);
        }
        return new TailPlan(reads, skipped, next);
    }
}
