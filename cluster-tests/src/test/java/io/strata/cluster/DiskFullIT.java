package io.strata.cluster;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaInfo;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partition node whose disk fills up, with real processes on a real small file system: every
 * node's data directory is a tmpfs of {@value #DISK_SIZE} of its own, and the test fills one of
 * them with a filler file. The node then refuses produce to the partition it leads with
 * STORAGE_ERROR (and writes nothing of a refused record anywhere), keeps serving reads, and as a
 * follower falls out of the ISR of another partition, where acks=all goes on with the two other
 * replicas (min.insync.replicas=2). Once the filler is deleted it takes produce again, catches up
 * and rejoins the ISR; every acknowledged record is then present exactly once, every replica of a
 * partition holds the same bytes, and so they still do after the node is SIGKILLed and recovers
 * its logs.
 *
 * <p>Needs root to mount the file systems; skipped (with the reason) where {@code mount} is not
 * permitted.
 */
class DiskFullIT extends ClusterTest {

    private static final String TOPIC = "disk";
    private static final int PARTITIONS = 6;
    private static final String DISK_SIZE = "64m";
    /** A key per record, so that a few records cross a page of the file system. */
    private static final byte[] PADDING = new byte[1000];

    private final List<Path> mounted = new ArrayList<>();
    private final Map<Integer, Map<String, Long>> acknowledged = new HashMap<>();
    private final Map<Integer, List<String>> refused = new HashMap<>();
    private MetadataServiceGrpc.MetadataServiceBlockingStub metadata;
    private int written;

    @BeforeEach
    void start() throws Exception {
        for (int node = 1; node <= 3; node++) {
            mountSmallDisk(Files.createDirectories(dataDir.resolve("node-" + node)));
        }
        cluster = new TestCluster(dataDir).withProperty("partition-node", "strata.node.replica-lag-time-max", "3s")
                .startCore();
        metadata = MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        metadata.createTopic(CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(PARTITIONS).setReplicationFactor(3)
                .putConfigs("min.insync.replicas", "2").build());
        await().atMost(Duration.ofSeconds(60)).until(() -> LongStream.range(0, PARTITIONS)
                .allMatch(p -> describe((int) p).getLeader() > 0 && describe((int) p).getIsrCount() == 3));
    }

    @AfterEach
    void unmount() throws Exception {
        stopCluster();
        for (Path dir : mounted) {
            run("umount", "--lazy", dir.toString());
        }
    }

    @Test
    void aFullDiskRefusesProduceWithStorageErrorKeepsReadsAndRecoversWithNothingLostOrDoubled() throws Exception {
        int led = 0;
        int victim = describe(led).getLeader();
        int followed = LongStream.range(0, PARTITIONS).mapToInt(p -> (int) p).filter(p -> describe(p).getLeader() != victim)
                .findFirst().orElseThrow(() -> new AssertionError("node " + victim + " leads every partition"));
        int otherLeader = describe(followed).getLeader();
        for (int i = 0; i < 20; i++) {
            produce(victim, led);
            produce(otherLeader, followed);
        }

        Path filler = dataDir.resolve("node-" + victim).resolve("filler");
        long fillerBytes = fill(filler);
        System.out.printf("disk full: node %d's %s tmpfs filled with %d bytes%n", victim, DISK_SIZE, fillerBytes);

        // Leader on the full disk: what still fits in the file system's last pages is taken, then
        // every produce is refused with STORAGE_ERROR.
        await().atMost(Duration.ofSeconds(60)).until(() -> tryProduce(victim, led) == ErrorCode.STORAGE_ERROR);
        for (int i = 0; i < 3; i++) {
            assertThat(tryProduce(victim, led)).as("produce to a leader whose disk is full").isEqualTo(ErrorCode.STORAGE_ERROR);
        }
        assertThat(StoredRecords.read(cluster.channel("partition-node-" + victim), TOPIC, led).values()).as("reads from the full node go on")
                .containsExactlyElementsOf(inOffsetOrder(led));
        // A refused write left no torn tail: the full node's segment ends where its followers' do.
        await().atMost(Duration.ofSeconds(30)).until(() -> logEndOffsets(led).stream().distinct().count() == 1);
        assertSameSegmentBytesOnEveryNode(led);

        // Follower on the full disk: it cannot copy, leaves the ISR, and acks=all goes on without it.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            produce(otherLeader, followed);
            return !describe(followed).getIsrList().contains(victim);
        });
        for (int i = 0; i < 20; i++) {
            produce(otherLeader, followed);
        }
        System.out.printf("disk full: node %d refused %d records of partition %d with STORAGE_ERROR and left the ISR of "
                + "partition %d%n", victim, refused.get(led).size(), led, followed);

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(30)).until(() -> tryProduce(victim, led) == null);
        for (int i = 0; i < 20; i++) {
            produce(victim, led);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> describe(followed).getIsrList().contains(victim));
        for (int i = 0; i < 20; i++) {
            produce(otherLeader, followed);
        }
        assertEveryReplicaHoldsEveryAcknowledgedRecordOnce(led, followed);

        // What the node wrote around the full disk reads back after a crash recovery too.
        cluster.process("partition-node-" + victim).kill();
        cluster.restart("partition-node-" + victim);
        await().atMost(Duration.ofSeconds(60)).until(() -> describe(led).getIsrCount() == 3 && describe(followed).getIsrCount() == 3);
        assertEveryReplicaHoldsEveryAcknowledgedRecordOnce(led, followed);
    }

    private void assertEveryReplicaHoldsEveryAcknowledgedRecordOnce(int... partitions) throws IOException {
        for (int partition : partitions) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(logEndOffsets(partition)).hasSize(3).containsOnly((long) acknowledged.get(partition).size()));
            Map<Long, String> stored = StoredRecords.read(cluster.channel("partition-node-" + describe(partition).getLeader()), TOPIC, partition);
            assertThat(stored.keySet()).as("dense offsets from 0").containsExactlyElementsOf(
                    LongStream.range(0, stored.size()).boxed().toList());
            acknowledged.get(partition).forEach((value, offset) ->
                    assertThat(stored.get(offset)).as("acknowledged %s of partition %d", value, partition).isEqualTo(value));
            Map<String, Long> copies = stored.values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
            assertThat(copies).as("records of partition %d stored more than once", partition)
                    .allSatisfy((value, count) -> assertThat(count).as(value).isOne());
            for (String value : refused.getOrDefault(partition, List.of())) {
                assertThat(stored).as("partition %d: a record refused with STORAGE_ERROR", partition).doesNotContainValue(value);
            }
            assertSameSegmentBytesOnEveryNode(partition);
        }
    }

    private void assertSameSegmentBytesOnEveryNode(int partition) throws IOException {
        byte[] first = segmentBytes(1, partition);
        for (int node = 2; node <= 3; node++) {
            byte[] other = segmentBytes(node, partition);
            assertThat(Arrays.equals(other, first)).as("partition %d: node %d holds the same bytes as node 1 (%d and %d bytes)",
                    partition, node, other.length, first.length).isTrue();
        }
    }

    /** Produces one new record with acks=all; it must be acknowledged. */
    private void produce(int node, int partition) {
        ErrorCode error = tryProduce(node, partition);
        assertThat(error).as("acks=all produce to partition %d on node %d", partition, node).isNull();
    }

    /**
     * Produces one new record with acks=all: null when acknowledged (it is remembered), else the
     * code it was refused with (the record is remembered as refused).
     */
    private ErrorCode tryProduce(int node, int partition) {
        String value = "p" + partition + "-" + written++;
        try {
            long offset = PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + node))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .append(AppendRequest.newBuilder().setTopic(TOPIC).setPartition(partition).setAcks(Acks.ACKS_ALL)
                            .setTimeoutMs(20_000).setRecords(record(value)).build()).getBaseOffset();
            Long earlier = acknowledged.computeIfAbsent(partition, p -> new LinkedHashMap<>()).put(value, offset);
            assertThat(earlier).as("a second acknowledgement of " + value).isNull();
            return null;
        } catch (StatusRuntimeException e) {
            refused.computeIfAbsent(partition, p -> new ArrayList<>()).add(value);
            return GrpcErrors.fromStatus(e).code();
        }
    }

    private List<String> inOffsetOrder(int partition) {
        return new TreeMap<>(acknowledged.get(partition).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey))).values().stream().toList();
    }

    private static ByteString record(String value) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(2048), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        builder.append(System.currentTimeMillis(), PADDING, value.getBytes(StandardCharsets.UTF_8));
        return ByteString.copyFrom(builder.build().buffer());
    }


    private List<Long> logEndOffsets(int partition) {
        List<Long> ends = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            for (ReplicaInfo replica : PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + node))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).listReplicas(ListReplicasRequest.getDefaultInstance())
                    .getReplicasList()) {
                if (replica.getTopic().equals(TOPIC) && replica.getPartition() == partition) {
                    ends.add(replica.getLogEndOffset());
                }
            }
        }
        return ends;
    }

    /** The bytes of a replica's segments on a node's disk, oldest first. */
    private byte[] segmentBytes(int node, int partition) throws IOException {
        Path dir = dataDir.resolve("node-" + node).resolve(TOPIC + "-" + partition);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                bytes.write(Files.readAllBytes(segment));
            }
        }
        return bytes.toByteArray();
    }

    private PartitionDescription describe(int partition) {
        return metadata.withDeadlineAfter(10, TimeUnit.SECONDS)
                .describeTopics(DescribeTopicsRequest.newBuilder().addNames(TOPIC).build()).getTopics(0).getPartitions(partition);
    }

    /** Writes zeros to {@code file} until the file system has no space left; returns how many. */
    private static long fill(Path file) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                written += channel.write(chunk.clear());
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).as("the filler stopped because the disk is full").contains("No space left on device");
        }
        return written;
    }

    private void mountSmallDisk(Path dir) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0,
                "DiskFullIT needs to mount a small tmpfs per node (root, or CAP_SYS_ADMIN); mount said: " + output.trim());
        mounted.add(dir);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
    }
}
