package io.strata.node;

import com.google.protobuf.ByteString;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.CreateReplicaRequest;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real partition-node process, driven over gRPC: 100,000 records in and out, then a SIGKILL
 * in the middle of appends, a restart on the same data directory, and a check that every
 * acknowledged batch survived at its offsets and that appends go on from there.
 */
class PartitionNodeProcessIT {

    private static final String TOPIC = "orders";
    private static final int RECORDS = 100_000;
    private static final int PER_BATCH = 100;

    @TempDir
    Path dataDir;
    private StandaloneNodes nodes;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (nodes != null) {
            nodes.close();
        }
    }

    private PartitionServiceGrpc.PartitionServiceBlockingStub start(int port) throws IOException {
        if (nodes == null) {
            nodes = new StandaloneNodes(dataDir, "partition-node");
        }
        return nodes.start(port, Map.of()).withDeadlineAfter(2, TimeUnit.MINUTES);
    }

    @Test
    void recordsSurviveASigkillInTheMiddleOfAppends() throws Exception {
        int port = FreePorts.next();
        PartitionServiceGrpc.PartitionServiceBlockingStub node = start(port);
        node.createReplica(CreateReplicaRequest.newBuilder().setTopic(TOPIC).setPartition(0)
                .putConfigs("segment.bytes", Integer.toString(256 * 1024)).build());

        for (int first = 0; first < RECORDS; first += PER_BATCH) {
            AppendResponse response = node.append(append(first, PER_BATCH));
            assertThat(response.getBaseOffset()).isEqualTo(first);
        }
        assertThat(fetchAll(node)).hasSize(RECORDS).satisfies(PartitionNodeProcessIT::denseAndInOrder);

        Map<Long, Integer> acknowledged = appendUntilKilled(node, nodes.last());

        PartitionServiceGrpc.PartitionServiceBlockingStub restarted = start(port);
        List<String> survivors = fetchAll(restarted);
        denseAndInOrder(survivors);
        long lastAcknowledged = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat((long) survivors.size()).isGreaterThanOrEqualTo(lastAcknowledged + PER_BATCH);
        acknowledged.forEach((offset, value) ->
                assertThat(survivors.get(offset.intValue())).isEqualTo(offset + ":r" + value));

        int next = survivors.size();
        assertThat(restarted.append(append(next, PER_BATCH)).getBaseOffset()).isEqualTo(next);
        assertThat(fetchAll(restarted)).hasSize(next + PER_BATCH).satisfies(PartitionNodeProcessIT::denseAndInOrder);
    }

    /**
     * Appends from another thread until SIGKILL cuts it off after a few hundred acknowledgements.
     *
     * @return the base offset and first record number of every acknowledged batch
     */
    private Map<Long, Integer> appendUntilKilled(PartitionServiceGrpc.PartitionServiceBlockingStub node,
                                                 ServiceProcess process) throws InterruptedException {
        Map<Long, Integer> acknowledged = new ConcurrentSkipListMap<>();
        CountDownLatch enough = new CountDownLatch(300);
        Thread appender = new Thread(() -> {
            try {
                for (int first = RECORDS; ; first += PER_BATCH) {
                    AppendResponse response = node.append(append(first, PER_BATCH));
                    acknowledged.put(response.getBaseOffset(), first);
                    enough.countDown();
                }
            } catch (RuntimeException expectedWhenKilled) {
                // the node died under us: the last batch may or may not have been written
            }
        }, "appender");
        appender.start();
        assertThat(enough.await(2, TimeUnit.MINUTES)).isTrue();
        process.kill();
        appender.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(appender.isAlive()).isFalse();
        return acknowledged;
    }

    private static AppendRequest append(int first, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(count * 64 + 256),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int i = first; i < first + count; i++) {
            builder.append(System.currentTimeMillis(), null, ("r" + i).getBytes(StandardCharsets.UTF_8));
        }
        return AppendRequest.newBuilder().setTopic(TOPIC).setPartition(0)
                .setRecords(ByteString.copyFrom(builder.build().buffer())).build();
    }

    /** Every record as "offset:value", fetched from offset 0 in 1 MiB answers. */
    private static List<String> fetchAll(PartitionServiceGrpc.PartitionServiceBlockingStub node) {
        List<String> records = new ArrayList<>();
        long offset = 0;
        while (true) {
            FetchResponse response = node.fetch(FetchRequest.newBuilder().setTopic(TOPIC).setPartition(0)
                    .setOffset(offset).setMaxBytes(1 << 20).build());
            if (response.getRecords().isEmpty()) {
                assertThat(offset).isEqualTo(response.getLogEndOffset());
                return records;
            }
            for (var batch : MemoryRecords.readableRecords(response.getRecords().asReadOnlyByteBuffer()).batches()) {
                batch.ensureValid();
                for (Record record : batch) {
                    records.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
                }
                offset = batch.nextOffset();
            }
        }
    }

    /** Offsets 0, 1, 2, … with no gap, each holding the record written for it. */
    private static void denseAndInOrder(List<? extends String> records) {
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i)).startsWith(i + ":r");
        }
    }
}
