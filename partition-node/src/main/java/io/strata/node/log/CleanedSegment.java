package io.strata.node.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log cleaner's copy of one segment while it is being written: files under the
 * {@code .cleaned} suffix beside the segment, taking batches whose offsets ascend with gaps and
 * that keep their base offsets, producer fields and leader epochs. Handed to
 * {@link LogCleaning#replace} to take the segment's place, or {@link #abort}ed.
 *
 * <p>Confined to the cleaner thread that made it.
 */
public final class CleanedSegment {

    private final Path dir;
    private final Segment segment;
    private final LogCleaning.SegmentInfo original;
    private boolean finished;

    CleanedSegment(Path dir, Segment segment, LogCleaning.SegmentInfo original) {
        this.dir = dir;
        this.segment = segment;
        this.original = original;
    }

    /**
     * Appends whole RecordBatch v2 batches (back to back, offsets already assigned, each above
     * the last one written and inside the original segment's range).
     */
    public void append(ByteBuffer batches) throws IOException {
        List<BatchHeader> headers = new ArrayList<>();
        int at = batches.position();
        while (at < batches.limit()) {
            BatchHeader header = BatchHeader.parse(batches, at);
            if (header.baseOffset() < original.baseOffset() || header.nextOffset() > original.nextOffset()) {
                throw new IllegalStateException("a cleaned batch covers offsets " + header.baseOffset() + ".."
                        + header.lastOffset() + ", outside the segment it cleans (" + original + ")");
            }
            headers.add(header);
            at += header.sizeInBytes();
        }
        if (!headers.isEmpty()) {
            segment.append(batches, headers);
        }
    }

    public int sizeInBytes() {
        return segment.size();
    }

    public LogCleaning.SegmentInfo original() {
        return original;
    }

    Segment segment() {
        return segment;
    }

    long baseOffset() {
        return segment.baseOffset();
    }

    boolean finished() {
        return finished;
    }

    void markFinished() {
        finished = true;
    }

    /** Deletes the copy; the segment stays as it was. */
    public void abort() throws IOException {
        if (!finished) {
            finished = true;
            segment.close();
            CleanedSegmentSwap.discard(dir, segment.baseOffset());
        }
    }
}
