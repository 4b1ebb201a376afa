package io.strata.node;

import com.google.protobuf.ByteString;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.CreateReplicaRequest;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.deploy.launcher.FreePorts;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log compaction in the real partition-node process, over gRPC: 100,000 records over 1,000 keys
 * and tombstones for 100 of them go to a compacted topic; the node's cleaner must leave exactly
 * the newest record of each live key at the offset it was written at, drop the tombstones once
 * delete.retention.ms has passed, and shrink the partition on disk. Then more records, a SIGKILL
 * while a cleaned segment is being written, a restart on the same directory, and the same checks:
 * nothing the cleaner was rewriting is lost or duplicated.
 */
class CompactionProcessIT {

    private static final String TOPIC = "table";
    private static final int KEYS = 1000;
    private static final int DELETED_KEYS = 100;
    private static final int PER_BATCH = 500;

    @TempDir
    Path dataDir;
    private StandaloneNodes nodes;

    /** What was written: offset → "key=value" (value "null" for a tombstone). */
    private final Map<Long, String> written = new HashMap<>();
    /** The newest write of each key: key → offset. */
    private final Map<String, Long> newest = new LinkedHashMap<>();
    private long bytesAppended;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (nodes != null) {
            nodes.close();
        }
    }

    private PartitionServiceGrpc.PartitionServiceBlockingStub start(int port) throws IOException {
        if (nodes == null) {
            nodes = new StandaloneNodes(dataDir, "compaction-node");
        }
        return nodes.start(port, Map.of("strata.node.cleaner.backoff", "200ms", "strata.node.kafka.enabled", "false"));
    }

    @Test
    void theCleanerKeepsTheNewestRecordPerKeyDropsTombstonesAndSurvivesASigkill() throws Exception {
        int port = FreePorts.next();
        PartitionServiceGrpc.PartitionServiceBlockingStub node = start(port);
        node.createReplica(CreateReplicaRequest.newBuilder().setTopic(TOPIC).setPartition(0)
                .putConfigs("cleanup.policy", "compact")
                .putConfigs("segment.bytes", Integer.toString(256 * 1024))
                .putConfigs("segment.ms", "2000")
                .putConfigs("delete.retention.ms", "3000")
                .putConfigs("min.cleanable.dirty.ratio", "0.1").build());
        Path partition = dataDir.resolve("node").resolve(TOPIC + "-0");
        Random random = new Random(17);

        write(node, 100_000, random, "a");
        tombstones(node);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertCompacted(fetchAll(node), true));
        assertThat(sizeOnDisk(partition)).isLessThan(bytesAppended / 20);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("strata_node_log_cleaner_cleanings_total [1-9]")
                .containsPattern("strata_node_log_cleaner_read_bytes_total [1-9]");

        write(node, 50_000, random, "b");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> hasCleanedFile(partition));
        nodes.last().kill();

        PartitionServiceGrpc.PartitionServiceBlockingStub restarted = start(port);
        assertConsistent(fetchAll(restarted));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertCompacted(fetchAll(restarted), true));
    }

    private void write(PartitionServiceGrpc.PartitionServiceBlockingStub node, int records, Random random, String round) {
        for (int n = 0; n < records; n += PER_BATCH) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                keys.add("k" + (DELETED_KEYS + random.nextInt(KEYS - DELETED_KEYS)));
            }
            if (n == 0) {
                for (int k = 0; k < DELETED_KEYS; k++) {
                    keys.set(k, "k" + k);
                }
            }
            List<String> values = keys.stream().map(key -> round + ":" + key).toList();
            append(node, keys, values);
        }
    }

    private void tombstones(PartitionServiceGrpc.PartitionServiceBlockingStub node) {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int k = 0; k < DELETED_KEYS; k++) {
            keys.add("k" + k);
            values.add(null);
        }
        append(node, keys, values);
    }

    private void append(PartitionServiceGrpc.PartitionServiceBlockingStub node, List<String> keys, List<String> values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(keys.size() * 64 + 256),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < keys.size(); i++) {
            String value = values.get(i);
            builder.append(System.currentTimeMillis(), keys.get(i).getBytes(StandardCharsets.UTF_8),
                    value == null ? null : (value + "@" + i).getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer batch = builder.build().buffer();
        bytesAppended += batch.remaining();
        AppendResponse response = node.withDeadlineAfter(30, TimeUnit.SECONDS).append(AppendRequest.newBuilder()
                .setTopic(TOPIC).setPartition(0).setRecords(ByteString.copyFrom(batch)).build());
        for (int i = 0; i < keys.size(); i++) {
            long offset = response.getBaseOffset() + i;
            String value = values.get(i);
            written.put(offset, keys.get(i) + "=" + (value == null ? "null" : value + "@" + i));
            newest.put(keys.get(i), offset);
        }
    }

    /** Every record fetched is one that was written at that offset, offsets ascend, and each key's newest write is there. */
    private void assertConsistent(Map<Long, String> fetched) {
        assertThat(List.copyOf(fetched.keySet())).isSorted();
        fetched.forEach((offset, record) -> assertThat(record).as("offset " + offset).isEqualTo(written.get(offset)));
        newest.forEach((key, offset) -> {
            if (!written.get(offset).endsWith("=null")) {
                assertThat(fetched).as("the newest record of " + key).containsEntry(offset, written.get(offset));
            }
        });
    }

    /** Exactly the newest record of each live key, no tombstone, at the offsets written. */
    private void assertCompacted(Map<Long, String> fetched, boolean tombstonesGone) {
        assertConsistent(fetched);
        long live = newest.values().stream().filter(offset -> !written.get(offset).endsWith("=null")).count();
        assertThat(fetched).hasSize((int) live + (tombstonesGone ? 0 : DELETED_KEYS));
    }

    private static boolean hasCleanedFile(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.anyMatch(path -> path.getFileName().toString().endsWith(".log.cleaned"));
        }
    }

    private static long sizeOnDisk(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".log")).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    /** Every record as offset → "key=value", fetched from offset 0 in 1 MiB answers (gaps skipped). */
    private static Map<Long, String> fetchAll(PartitionServiceGrpc.PartitionServiceBlockingStub node) {
        Map<Long, String> records = new LinkedHashMap<>();
        long offset = 0;
        while (true) {
            FetchResponse response = node.withDeadlineAfter(30, TimeUnit.SECONDS).fetch(FetchRequest.newBuilder()
                    .setTopic(TOPIC).setPartition(0).setOffset(offset).setMaxBytes(1 << 20).build());
            if (response.getRecords().isEmpty()) {
                return records;
            }
            for (var batch : MemoryRecords.readableRecords(response.getRecords().asReadOnlyByteBuffer()).batches()) {
                batch.ensureValid();
                for (Record record : batch) {
                    if (record.offset() >= offset) {
                        String value = record.hasValue() ? StandardCharsets.UTF_8.decode(record.value()).toString() : "null";
                        records.put(record.offset(), StandardCharsets.UTF_8.decode(record.key()) + "=" + value);
                    }
                }
                offset = batch.nextOffset();
            }
        }
    }
}
