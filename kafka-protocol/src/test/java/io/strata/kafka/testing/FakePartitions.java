package io.strata.kafka.testing;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.FileBatches;
import io.strata.kafka.backend.LocalPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Leader replicas in memory, for the partitions the control plane says this node leads. Each append
 * copies the batches and gives them the next offsets by rewriting their base offset (not covered by
 * the batch CRC, so compressed batches stay valid). The high watermark is the log end.
 * {@link #readToSend} answers with {@link FileBatches} in a file of their own, unlinked as soon as
 * written (as a segment deleted while its batches are still to be sent), at a non-zero position;
 * {@link #openFiles()} counts those not yet released. Thread-safe (synchronized).
 */
public final class FakePartitions implements LocalPartitions {

    private final ControlPlane controlPlane;
    private final Map<TopicPartition, List<ByteBuffer>> logs = new HashMap<>();
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private final List<TopicPartition> appendOrder = new ArrayList<>();
    private final Map<TopicPartition, Long> logStarts = new HashMap<>();
    private final AtomicInteger openFiles = new AtomicInteger();
    private final AtomicInteger fileReads = new AtomicInteger();
    /** Where file batches start in their file: not at 0, as in a segment. */
    private static final int FILE_PREFIX_BYTES = 7;

    public FakePartitions(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public CompletionStage<Appended> append(TopicPartition partition, ByteBuffer records, short acks, int timeoutMs) {
        List<CompletableFuture<Void>> woken;
        Appended appended;
        synchronized (this) {
            try {
                List<ByteBuffer> log = log(partition);
                long base = endOffset(log);
                long next = base;
                for (MutableRecordBatch batch : MemoryRecords.readableRecords(records.duplicate()).batches()) {
                    ByteBuffer copy = ByteBuffer.allocate(batch.sizeInBytes());
                    batch.writeTo(copy);
                    copy.flip();
                    MutableRecordBatch stored = MemoryRecords.readableRecords(copy).batches().iterator().next();
                    stored.setLastOffset(next + (batch.lastOffset() - batch.baseOffset()));
                    stored.setPartitionLeaderEpoch(0);
                    next = stored.lastOffset() + 1;
                    log.add(copy);
                }
                appendOrder.add(partition);
                appended = new Appended(base, 0);
            } catch (StrataException e) {
                return CompletableFuture.failedFuture(e);
            }
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        woken.forEach(w -> w.complete(null));
        return CompletableFuture.completedFuture(appended);
    }

    @Override
    public synchronized CompletionStage<Fetched> read(TopicPartition partition, long offset, int maxBytes, Optional<Integer> currentLeaderEpoch) {
        try {
            List<ByteBuffer> log = log(partition);
            long end = endOffset(log);
            long start = logStarts.getOrDefault(partition, 0L);
            if (offset < start || offset > end) {
                throw new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE, "offset " + offset + " is outside " + start + ".."
                        + end + " of " + partition);
            }
            List<ByteBuffer> chosen = new ArrayList<>();
            int size = 0;
            for (ByteBuffer batch : log) {
                if (lastOffset(batch) < offset) {
                    continue;
                }
                if (!chosen.isEmpty() && size + batch.remaining() > maxBytes) {
                    break;
                }
                chosen.add(batch.duplicate());
                size += batch.remaining();
            }
            ByteBuffer records = ByteBuffer.allocate(size);
            chosen.forEach(records::put);
            return CompletableFuture.completedFuture(new Fetched(records.flip().asReadOnlyBuffer(), end, 0, 0));
        } catch (StrataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Fetched> readToSend(TopicPartition partition, long offset, int maxBytes, Optional<Integer> currentLeaderEpoch) {
        return read(partition, offset, maxBytes, currentLeaderEpoch).thenApply(this::inFile);
    }

    /** The file batches read to send whose file is still open (not yet released). */
    public int openFiles() {
        return openFiles.get();
    }

    /** How many reads answered with file batches. */
    public int fileReads() {
        return fileReads.get();
    }

    private Fetched inFile(Fetched read) {
        if (!read.records().hasRemaining()) {
            return read;
        }
        try {
            Path path = Files.createTempFile("fake-segment-", ".log");
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(path);
            channel.write(ByteBuffer.allocate(FILE_PREFIX_BYTES), 0);
            channel.write(read.records().duplicate(), FILE_PREFIX_BYTES);
            List<Integer> sizes = new ArrayList<>();
            MemoryRecords.readableRecords(read.records().duplicate()).batches().forEach(b -> sizes.add(b.sizeInBytes()));
            openFiles.incrementAndGet();
            fileReads.incrementAndGet();
            FileBatches file = new FileBatches(channel, FILE_PREFIX_BYTES, sizes.stream().mapToInt(Integer::intValue).toArray(), () -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                openFiles.decrementAndGet();
            });
            return new Fetched(null, file, read.highWatermark(), read.logStartOffset(), read.leaderEpoch());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized CompletionStage<Void> nextChange(Collection<TopicPartition> partitions) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
    }

    @Override
    public synchronized CompletionStage<Optional<TimestampedOffset>> listOffset(TopicPartition partition, long timestamp,
                                                                             Optional<Integer> currentLeaderEpoch) {
        try {
            List<ByteBuffer> log = log(partition);
            if (timestamp == -1) {
                return CompletableFuture.completedFuture(Optional.of(new TimestampedOffset(endOffset(log), -1, 0)));
            }
            if (timestamp == -2) {
                return CompletableFuture.completedFuture(Optional.of(new TimestampedOffset(logStarts.getOrDefault(partition, 0L), -1, 0)));
            }
            TimestampedOffset best = null;
            for (ByteBuffer batch : log) {
                for (Record record : MemoryRecords.readableRecords(batch.duplicate()).records()) {
                    boolean match = timestamp == -3 ? best == null || record.timestamp() > best.timestamp()
                            : best == null && record.timestamp() >= timestamp;
                    if (match) {
                        best = new TimestampedOffset(record.offset(), record.timestamp(), 0);
                    }
                }
            }
            return CompletableFuture.completedFuture(Optional.ofNullable(best));
        } catch (StrataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized CompletionStage<EpochEnd> endOffsetForEpoch(TopicPartition partition, Optional<Integer> currentLeaderEpoch, int epoch) {
        try {
            return CompletableFuture.completedFuture(new EpochEnd(0, endOffset(log(partition))));
        } catch (StrataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Moves the log start (all replicas at once: the fake has no followers). */
    @Override
    public synchronized CompletionStage<Long> deleteRecords(TopicPartition partition, long offset, int timeoutMs) {
        try {
            long end = endOffset(log(partition));
            long target = offset == -1 ? end : offset;
            if (target < 0 || target > end) {
                throw new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE, "offset " + offset + " is past the high watermark " + end);
            }
            return CompletableFuture.completedFuture(logStarts.merge(partition, target, Math::max));
        } catch (StrataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every record value of the partition in offset order, as strings (decompressing). */
    public synchronized List<String> values(TopicPartition partition) {
        List<String> values = new ArrayList<>();
        for (ByteBuffer batch : logs.getOrDefault(partition, List.of())) {
            for (Record record : MemoryRecords.readableRecords(batch.duplicate()).records()) {
                ByteBuffer value = record.value();
                byte[] bytes = new byte[value.remaining()];
                value.get(bytes);
                values.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    public synchronized int appends() {
        return appendOrder.size();
    }

    private List<ByteBuffer> log(TopicPartition partition) {
        TopicDescription topic = controlPlane.metadata().topics().get(partition.topic());
        if (topic == null || partition.partition() < 0 || partition.partition() >= topic.getPartitionsCount()) {
            throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partition + " does not exist");
        }
        PartitionDescription description = topic.getPartitions(partition.partition());
        if (description.getLeader() != controlPlane.localNodeId()) {
            throw new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "node " + controlPlane.localNodeId() + " does not lead " + partition);
        }
        return logs.computeIfAbsent(partition, p -> new ArrayList<>());
    }

    private static long endOffset(List<ByteBuffer> log) {
        return log.isEmpty() ? 0 : lastOffset(log.get(log.size() - 1)) + 1;
    }

    private static long lastOffset(ByteBuffer batch) {
        RecordBatch parsed = MemoryRecords.readableRecords(batch.duplicate()).batches().iterator().next();
        return parsed.lastOffset();
    }
}
