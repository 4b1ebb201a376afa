package io.strata.kafka.backend;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.RecordsSend;

import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole record batches as they lie in a log file: {@link #sizeInBytes()} bytes from
 * {@link #position()} of {@link #channel()}, the batches' sizes in log order, and the reference that
 * keeps the channel open. A Fetch answer carries it as a partition's records so that the listener
 * writes them from the file to the socket ({@code sendfile}) instead of reading them onto the heap.
 *
 * <p><b>Invariant (file lifetime).</b> The channel stays open, and its bytes readable, until
 * {@link #release()}: the reader took a reference on it (the node's file-handle cache), which a
 * deletion of the segment (retention, compaction, a replaced replica) or an eviction from the cache
 * does not close. The bytes were whole batches below the high watermark when read, and the log
 * never rewrites a file in place (compaction writes a new one), so they do not change meanwhile.
 *
 * <p><b>Ownership.</b> Exactly one holder at a time, handed on with the answer: the backend that
 * read it, then the Fetch handler, the encoder, the connection and finally Netty, which releases
 * it once the region is written or fails to be (the channel closed). Whoever drops it instead —
 * an answer not sent, a read discarded for a long poll, a trimmed partition — releases it.
 * {@link #prefix} hands the same reference on to a shorter view. {@link #release()} is idempotent
 * and may be called from any thread; the rest is immutable.
 */
public final class FileBatches implements BaseRecords {

    private final FileChannel channel;
    private final long position;
    private final int[] batchSizes;
    private final int sizeInBytes;
    private final Runnable onRelease;
    private final AtomicBoolean released;

    /**
     * @param batchSizes the size of each whole batch from {@code position}, in log order (not copied: the caller gives it up)
     * @param onRelease  drops the reference on the channel; run exactly once
     */
    public FileBatches(FileChannel channel, long position, int[] batchSizes, Runnable onRelease) {
        this(channel, position, batchSizes, Arrays.stream(batchSizes).sum(), onRelease, new AtomicBoolean());
    }

    private FileBatches(FileChannel channel, long position, int[] batchSizes, int sizeInBytes, Runnable onRelease,
                        AtomicBoolean released) {
        this.channel = channel;
        this.position = position;
        this.batchSizes = batchSizes;
        this.sizeInBytes = sizeInBytes;
        this.onRelease = onRelease;
        this.released = released;
    }

    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    public int batchCount() {
        return batchSizes.length;
    }

    public int batchSize(int index) {
        return batchSizes[index];
    }

    /** The first {@code batches} batches, holding this view's reference (release either, once). */
    public FileBatches prefix(int batches) {
        int[] kept = Arrays.copyOf(batchSizes, batches);
        return new FileBatches(channel, position, kept, Arrays.stream(kept).sum(), onRelease, released);
    }

    /** Drops the reference on the channel; later calls do nothing. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    public boolean released() {
        return released.get();
    }

    /** Never sent through kafka-clients' {@code Send}: the listener writes it as a file region. */
    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("file batches are written by the Kafka listener as a file region");
    }

    /** Releases the file batches of every partition of {@code response} (an answer that will not be sent). */
    public static void releaseIn(FetchResponseData response) {
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.records() instanceof FileBatches batches) {
                    batches.release();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FileBatches(" + batchSizes.length + " batches, " + sizeInBytes + " bytes at " + position + ")";
    }
}
