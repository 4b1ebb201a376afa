package io.strata.bench.chaos;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaInfo;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Every partition of the run after it healed: its leader's high watermark, each replica's log read
 * from its files below that high watermark ({@link ReplicaLog}), and the records the gateway
 * serves from offset 0 up to it (read with the Java client's consumer). Taken once the writers
 * stopped and every replica caught up, or the settle bound passed (then noted).
 */
record LogSnapshot(List<PartitionState> partitions, List<String> notes) {

    /** Bound on the wait for every replica to reach its leader's log end and high watermark. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    /** Bound on reading every partition through the gateway. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(180);

    /** One partition: where it stood and what each replica and the gateway hold. */
    record PartitionState(String id, int leader, long highWatermark, Map<Integer, Long> logEndOffsets,
                          List<ReplicaLog> replicas, List<ReplicaLog.StoredRecord> served) {

        Optional<ReplicaLog> leaderLog() {
            return replicas.stream().filter(replica -> replica.node() == leader).findFirst();
        }
    }

    static LogSnapshot take(ChaosCluster cluster, List<String> topics, PrintStream out) throws IOException {
        List<String> notes = new ArrayList<>();
        Map<Integer, ManagedChannel> channels = new HashMap<>();
        try {
            for (int node = 1; node <= 3; node++) {
                channels.put(node, NettyChannelBuilder.forAddress("127.0.0.1", cluster.port(ChaosCluster.nodeName(node)))
                        .usePlaintext().build());
            }
            Map<String, Map<Integer, ReplicaInfo>> replicas = awaitSettled(cluster, topics, channels, notes);
            List<ChaosCluster.PartitionView> views = cluster.partitions(topics);
            Map<String, List<ReplicaLog.StoredRecord>> served = readThroughGateway(cluster.bootstrap(), views, replicas, notes);
            List<PartitionState> states = new ArrayList<>();
            for (ChaosCluster.PartitionView view : views) {
                Map<Integer, ReplicaInfo> infos = replicas.getOrDefault(view.id(), Map.of());
                long hw = infos.containsKey(view.leader()) ? infos.get(view.leader()).getHighWatermark() : 0;
                Map<Integer, Long> ends = new LinkedHashMap<>();
                List<ReplicaLog> logs = new ArrayList<>();
                for (int node : view.replicas()) {
                    ends.put(node, infos.containsKey(node) ? infos.get(node).getLogEndOffset() : -1);
                    logs.add(ReplicaLog.read(node, cluster.nodeDataDir(node).resolve(view.id()), hw));
                }
                states.add(new PartitionState(view.id(), view.leader(), hw, ends, logs, served.getOrDefault(view.id(), List.of())));
            }
            out.printf("chaos: snapshot of %d partitions taken%n", states.size());
            return new LogSnapshot(states, notes);
        } finally {
            channels.values().forEach(ManagedChannel::shutdownNow);
        }
    }

    /** Waits until every partition has a leader, a full ISR, and every replica at the leader's log end = high watermark. */
    private static Map<String, Map<Integer, ReplicaInfo>> awaitSettled(ChaosCluster cluster, List<String> topics,
                                                                     Map<Integer, ManagedChannel> channels, List<String> notes) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        Map<String, Map<Integer, ReplicaInfo>> replicas = Map.of();
        String unsettled = "no answer yet";
        while (System.nanoTime() < deadline) {
            replicas = listReplicas(channels);
            unsettled = unsettled(cluster.partitions(topics), replicas);
            if (unsettled == null) {
                return replicas;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        notes.add("not settled after " + SETTLE_TIMEOUT + ": " + unsettled);
        return replicas;
    }

    private static String unsettled(List<ChaosCluster.PartitionView> views, Map<String, Map<Integer, ReplicaInfo>> replicas) {
        if (views.isEmpty()) {
            return "the metadata service does not answer";
        }
        for (ChaosCluster.PartitionView view : views) {
            Map<Integer, ReplicaInfo> infos = replicas.getOrDefault(view.id(), Map.of());
            ReplicaInfo leader = infos.get(view.leader());
            if (view.leader() <= 0 || leader == null || view.isr().size() != view.replicas().size()) {
                return view.id() + " has leader " + view.leader() + ", ISR " + view.isr() + " of " + view.replicas();
            }
            for (int node : view.replicas()) {
                ReplicaInfo replica = infos.get(node);
                if (replica == null || replica.getLogEndOffset() != leader.getLogEndOffset()
                        || leader.getHighWatermark() != leader.getLogEndOffset()) {
                    return view.id() + " replica on node " + node + " at " + (replica == null ? "?" : replica.getLogEndOffset())
                            + ", leader's log end " + leader.getLogEndOffset() + ", high watermark " + leader.getHighWatermark();
                }
            }
        }
        return null;
    }

    /** Partition id → node → its replica's offsets, from every node that answers. */
    private static Map<String, Map<Integer, ReplicaInfo>> listReplicas(Map<Integer, ManagedChannel> channels) {
        Map<String, Map<Integer, ReplicaInfo>> replicas = new HashMap<>();
        channels.forEach((node, channel) -> {
            try {
                for (ReplicaInfo info : PartitionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS)
                        .listReplicas(ListReplicasRequest.getDefaultInstance()).getReplicasList()) {
                    replicas.computeIfAbsent(info.getTopic() + "-" + info.getPartition(), id -> new HashMap<>()).put(node, info);
                }
            } catch (RuntimeException e) {
                // a node that does not answer is left out: the settle wait sees it as behind
            }
        });
        return replicas;
    }

    /** Every record of every partition from offset 0 up to its leader's high watermark, as the gateway serves it. */
    private static Map<String, List<ReplicaLog.StoredRecord>> readThroughGateway(String bootstrap, List<ChaosCluster.PartitionView> views,
            Map<String, Map<Integer, ReplicaInfo>> replicas, List<String> notes) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (ChaosCluster.PartitionView view : views) {
            ReplicaInfo leader = replicas.getOrDefault(view.id(), Map.of()).get(view.leader());
            ends.put(new TopicPartition(view.topic(), view.partition()), leader == null ? 0 : leader.getHighWatermark());
        }
        Map<String, List<ReplicaLog.StoredRecord>> served = new HashMap<>();
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "earliest",
                "max.poll.records", 10_000))) {
            consumer.assign(ends.keySet());
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        served.computeIfAbsent(record.topic() + "-" + record.partition(), id -> new ArrayList<>())
                                .add(new ReplicaLog.StoredRecord(record.offset(),
                                        record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
            ends.forEach((partition, end) -> {
                long position = consumer.position(partition);
                if (position < end) {
                    notes.add("the gateway served " + partition + " up to " + position + " of " + end + " within " + READ_TIMEOUT);
                }
            });
        } catch (RuntimeException e) {
            notes.add("reading through the gateway failed: " + e);
        }
        return served;
    }
}
