package io.strata.bench.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.bench.BenchOptions;
import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.admin.Admin;
import io.strata.client.admin.PartitionInfo;
import io.strata.client.admin.TopicInfo;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.deploy.cluster.ClusterState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * {@code ./strata bench scale --partitions N}: many partitions on the running local cluster.
 * Creates topics of at most {@code --partitions-per-topic} partitions (RF {@code --replication-factor},
 * 3) until there are N, waits until every partition has a leader and a full ISR, writes
 * {@code --records-per-partition} records to every partition through the gateway ({@code acks=all})
 * and reads all of them back with one consumer assigned every partition. Then it reads each node's
 * open file descriptors and heap ({@link NodeProbe}), SIGKILLs node {@code --restart-node} (1; 0
 * skips), waits until the metadata service has moved its leaderships away, starts it again
 * ({@link NodeRestart}) and times it until ready and until every replica it holds is back in the
 * ISR. It prints progress on standard error and one JSON line last; the topics are deleted at the
 * end unless {@code --keep}.
 */
public final class ScaleBench {

    private static final Set<String> OPTIONS = Set.of("partitions", "partitions-per-topic", "replication-factor",
            "records-per-partition", "record-size", "bootstrap", "data-dir", "restart-node", "timeout-s", "keep", "topics");
    private static final Duration POLL = Duration.ofMillis(500);
    /** Rounds of sending again what failed before the bench gives up. */
    private static final int MAX_SEND_PASSES = 5;

    private final ScaleSettings settings;
    private final Admin admin;
    private final NodeProbe probe = new NodeProbe();
    private final Map<String, Object> json = new LinkedHashMap<>();

    private ScaleBench(ScaleSettings settings, Admin admin) {
        this.settings = settings;
        this.admin = admin;
    }

    public static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        ScaleSettings settings = ScaleSettings.from(options);
        ClusterState state = ClusterState.read(settings.stateFile()).orElseThrow(() -> new IllegalArgumentException(
                "no running local cluster: " + settings.stateFile() + " is missing (./strata up, or --data-dir)"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrap()))) {
            new ScaleBench(settings, admin).run(state);
        }
    }

    private void run(ClusterState state) throws Exception {
        List<ClusterState.Entry> nodes = state.processes().stream().filter(e -> e.nodeId() != null).toList();
        progress("scale bench: %,d partitions (RF %d) in %d topic(s), %d record(s) of %d B each, on %d nodes",
                settings.partitions(), settings.replicationFactor(), settings.topicNames().size(),
                settings.recordsPerPartition(), settings.recordSize(), nodes.size());
        json.put("partitions", settings.partitions());
        json.put("replication_factor", settings.replicationFactor());
        readNodes("before", nodes);
        try {
            if (!settings.restartOnly()) {
                create();
                List<TopicPartition> partitions = allPartitions();
                produce(partitions);
                readBack(partitions);
            }
            readNodes("after", nodes);
            if (settings.restartNode() > 0) {
                ClusterState.Entry node = nodes.stream().filter(e -> e.nodeId() == settings.restartNode()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no partition node " + settings.restartNode()));
                restart(node);
            }
        } finally {
            if (!settings.keep()) {
                deleteTopics();
            }
        }
        System.out.println(new ObjectMapper().writeValueAsString(json));
    }

    private void create() throws InterruptedException {
        long started = System.nanoTime();
        for (String topic : settings.topicNames()) {
            createTopic(topic);
        }
        double created = seconds(started);
        progress("created %d topic(s) in %.1f s; waiting for every partition's leader and full ISR …",
                settings.topicNames().size(), created);
        awaitPartitions("a leader and a full ISR", p -> p.leader() >= 0 && p.isr().size() == p.replicas().size());
        double ready = seconds(started);
        progress("every partition has a leader and %d in-sync replicas %.1f s after the first create", 
                settings.replicationFactor(), ready);
        json.put("create_calls_s", round(created));
        json.put("create_to_full_isr_s", round(ready));
    }

    /**
     * Creates one topic. A create that times out at the gateway (30 s, on a loaded machine with
     * thousands of partitions) may still be applied, so the bench then waits until the topic is
     * described rather than fail or create it twice.
     */
    private void createTopic(String topic) throws InterruptedException {
        try {
            admin.createTopic(topic, settings.partitionsOf(topic), settings.replicationFactor(), Map.of());
        } catch (StrataClientException e) {
            if (e.code() != ErrorCode.REQUEST_TIMED_OUT) {
                throw e;
            }
            progress("  creating %s timed out (%s); waiting until it is described", topic, e.getMessage());
            long started = System.nanoTime();
            while (true) {
                try {
                    if (admin.describeTopic(topic).partitions().size() == settings.partitionsOf(topic)) {
                        return;
                    }
                } catch (StrataClientException notYet) {
                    // Not there yet, or the describe timed out too: asked again below.
                }
                if (seconds(started) > settings.timeout().toSeconds()) {
                    throw new IllegalStateException(topic + " not described within " + settings.timeout(), e);
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private List<TopicPartition> allPartitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : settings.topicNames()) {
            for (int p = 0; p < settings.partitionsOf(topic); p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        return all;
    }

    private void produce(List<TopicPartition> partitions) throws InterruptedException {
        long total = (long) partitions.size() * settings.recordsPerPartition();
        byte[] value = new byte[settings.recordSize()];
        List<TopicPartition> toSend = new ArrayList<>();
        for (int round = 0; round < settings.recordsPerPartition(); round++) {
            toSend.addAll(partitions);
        }
        long resent = 0;
        long started = System.nanoTime();
        // Generous retries and timeouts: a loaded 2-core machine with thousands of partitions answers slowly,
        // and this measures throughput, not the first timeout.
        try (Producer producer = Producer.create(Map.of("bootstrap.servers", settings.bootstrap(), "acks", "all",
                "linger.ms", 5, "retries", 20, "request.timeout.ms", 120_000, "delivery.timeout.ms", 600_000))) {
            for (int pass = 1; !toSend.isEmpty(); pass++) {
                Queue<TopicPartition> failed = new ConcurrentLinkedQueue<>();
                AtomicReference<Throwable> lastFailure = new AtomicReference<>();
                for (TopicPartition partition : toSend) {
                    producer.send(new ProducerRecord(partition.topic(), partition.partition(), null, value))
                            .whenComplete((metadata, error) -> {
                                if (error != null) {
                                    failed.add(partition);
                                    lastFailure.set(error);
                                }
                            });
                }
                producer.flush();
                if (!failed.isEmpty()) {
                    if (pass == MAX_SEND_PASSES) {
                        throw new IllegalStateException(failed.size() + " sends still failed after " + pass
                                + " passes: " + lastFailure.get(), lastFailure.get());
                    }
                    // Sends that failed once (not acknowledged) are sent again, so every partition ends
                    // with its count; the figure counts them in, and the JSON says how many there were.
                    progress("  %,d send(s) failed (%s); sending them again", failed.size(), lastFailure.get().getMessage());
                    resent += failed.size();
                }
                toSend = new ArrayList<>(failed);
            }
        }
        double took = seconds(started);
        progress("produced %,d records to %,d partitions (acks=all) in %.1f s: %,.0f records/s, %.2f MB/s",
                total, partitions.size(), took, total / took, total * settings.recordSize() / took / (1 << 20));
        json.put("produce_records", total);
        json.put("produce_resent", resent);
        json.put("produce_s", round(took));
        json.put("produce_records_s", Math.round(total / took));
        json.put("produce_mb_s", round(total * settings.recordSize() / took / (1 << 20)));
    }

    private void readBack(List<TopicPartition> partitions) {
        long total = (long) partitions.size() * settings.recordsPerPartition();
        Map<TopicPartition, Long> counts = new LinkedHashMap<>();
        long started = System.nanoTime();
        long lastProgress = started;
        long read = 0;
        long failedPolls = 0;
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", settings.bootstrap(),
                "fetch.max.wait.ms", 100))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read < total) {
                if (seconds(started) > settings.timeout().toSeconds()) {
                    throw new IllegalStateException("read " + read + " of " + total + " records in " + settings.timeout());
                }
                List<ConsumerRecord> records;
                try {
                    records = consumer.poll(POLL);
                } catch (RuntimeException e) {
                    // A failed fetch (the gateway lost its connection to a node) is polled again, as a
                    // long-running consumer would; the JSON says how often.
                    failedPolls++;
                    progress("  a poll failed (%s); polling again", e.getMessage());
                    continue;
                }
                for (ConsumerRecord record : records) {
                    counts.merge(new TopicPartition(record.topic(), record.partition()), 1L, Long::sum);
                    read++;
                }
                if (System.nanoTime() - lastProgress > 5_000_000_000L) {
                    lastProgress = System.nanoTime();
                    progress("  read %,d of %,d", read, total);
                }
            }
        }
        double took = seconds(started);
        long wrong = partitions.stream().filter(p -> counts.getOrDefault(p, 0L) != settings.recordsPerPartition()).count();
        if (wrong > 0) {
            throw new IllegalStateException(wrong + " partition(s) did not read back exactly "
                    + settings.recordsPerPartition() + " record(s)");
        }
        progress("read all %,d records back, %d from each partition, in %.1f s", total, settings.recordsPerPartition(), took);
        json.put("read_s", round(took));
        json.put("read_failed_polls", failedPolls);
    }

    private void readNodes(String when, List<ClusterState.Entry> nodes) throws Exception {
        for (ClusterState.Entry node : nodes) {
            NodeProbe.Reading reading = probe.read(node.nodeId(), node.pid(), node.url());
            progress("  %-6s node %d: %,d open fds, heap used %,d MiB (%,d MiB live after a full GC)", when,
                    node.nodeId(), reading.fds(), reading.heapUsedBytes() >> 20, reading.liveHeapBytes() >> 20);
            json.put(when + "_node" + node.nodeId() + "_fds", reading.fds());
            json.put(when + "_node" + node.nodeId() + "_heap_mib", reading.heapUsedBytes() >> 20);
            json.put(when + "_node" + node.nodeId() + "_live_heap_mib", reading.liveHeapBytes() >> 20);
        }
    }

    private void restart(ClusterState.Entry node) throws Exception {
        int id = node.nodeId();
        long hosted = countPartitionsRetrying(p -> p.replicas().contains(id));
        // How many it leads: "moved in 0.2 s" means nothing when there was nothing to move.
        long led = countPartitionsRetrying(p -> p.leader() == id);
        json.put("restart_led", led);
        NodeRestart restart = NodeRestart.of(settings.stateFile(), node);
        progress("restart: SIGKILL node %d (%,d replicas, leader of %,d), waiting for its leaderships to move …", id, hosted, led);
        restart.kill();
        long killed = System.nanoTime();
        long started;
        long pid;
        try {
            awaitPartitions("a leader other than node " + id, p -> p.leader() != id);
            progress("  leaderships moved off node %d %.1f s after the kill", id, seconds(killed));
        } finally {
            // Whatever happened while it was down, the cluster gets its node back.
            started = System.nanoTime();
            pid = restart.start();
        }
        restart.awaitReady(settings.timeout());
        double ready = seconds(started);
        progress("  node %d (pid %d) ready %.1f s after its start", id, pid, ready);
        awaitPartitions("node " + id + " in the ISR", p -> !p.replicas().contains(id) || p.isr().contains(id));
        double inIsr = seconds(started);
        double killToIsr = seconds(killed);
        progress("  node %d back in the ISR of all %,d of its replicas %.1f s after its start (%.1f s after the kill)",
                id, hosted, inIsr, killToIsr);
        json.put("restart_replicas", hosted);
        json.put("restart_leaders_moved_s", round((started - killed) / 1e9));
        json.put("restart_ready_s", round(ready));
        json.put("restart_in_isr_s", round(inIsr));
        json.put("restart_kill_to_in_isr_s", round(killToIsr));
        NodeProbe.Reading reading = probe.read(id, pid, node.url());
        json.put("restarted_node_fds", reading.fds());
        json.put("restarted_node_live_heap_mib", reading.liveHeapBytes() >> 20);
        progress("  restarted node %d: %,d open fds, %,d MiB live heap", id, reading.fds(), reading.liveHeapBytes() >> 20);
    }

    /** Polls the topics' descriptions until every partition passes {@code done}; a failed describe is retried. */
    private void awaitPartitions(String what, Predicate<PartitionInfo> done) throws InterruptedException {
        long started = System.nanoTime();
        long lastProgress = started;
        while (true) {
            String pending;
            try {
                long count = countPartitions(done.negate());
                if (count == 0) {
                    return;
                }
                pending = String.format(Locale.ROOT, "%,d", count);
            } catch (RuntimeException e) {
                pending = "? (describe failed: " + e.getMessage() + ")";
            }
            if (seconds(started) > settings.timeout().toSeconds()) {
                throw new IllegalStateException(pending + " partition(s) still without " + what + " after " + settings.timeout());
            }
            if (System.nanoTime() - lastProgress > 5_000_000_000L) {
                lastProgress = System.nanoTime();
                progress("  %s partition(s) still without %s (%.0f s)", pending, what, seconds(started));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** {@link #countPartitions}, asked again while the describes fail (a loaded gateway), up to the timeout. */
    private long countPartitionsRetrying(Predicate<PartitionInfo> which) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            try {
                return countPartitions(which);
            } catch (RuntimeException e) {
                if (seconds(started) > settings.timeout().toSeconds()) {
                    throw e;
                }
                progress("  describe failed (%s); asking again", e.getMessage());
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private long countPartitions(Predicate<PartitionInfo> which) {
        long count = 0;
        for (String topic : settings.topicNames()) {
            TopicInfo info = admin.describeTopic(topic);
            count += info.partitions().stream().filter(which).count();
        }
        return count;
    }

    private void deleteTopics() {
        for (String topic : settings.topicNames()) {
            try {
                admin.deleteTopic(topic);
            } catch (RuntimeException e) {
                progress("could not delete %s: %s", topic, e.getMessage());
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
