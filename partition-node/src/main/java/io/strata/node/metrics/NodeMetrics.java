package io.strata.node.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.node.config.NodeConfig;
import io.strata.node.membership.MetadataFollower;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The node's gauges and per-partition meters on {@code /q/metrics}: per partition its log start
 * and end offsets, high watermark, size, follower lag (on the leader) and the records and bytes
 * producers wrote and consumers read; per node the partitions held and led, under-replicated,
 * under-min-ISR and (on the active controller) offline partitions, whether it is the controller
 * and at which epoch, and the data directory's free and total bytes.
 *
 * <p>Gauges are recomputed every {@code strata.node.metrics-refresh-interval} on a thread of their
 * own ({@code strata-metrics}), which reads the replicas without taking their locks (volatile
 * reads and the leader state's short monitors) and asks the file system for free space, so a
 * scrape never waits for a partition or the disk. A partition's meters ({@link ReplicaMeters}) are
 * registered once, removed when this node no longer holds it, and replaced when it holds a new
 * incarnation of it (counters then restart from zero, which Prometheus reads as a counter reset). Everything mutable here is confined to
 * that thread but {@link #node}, which is volatile.
 */
@ApplicationScoped
public class NodeMetrics {

    private static final System.Logger LOG = System.getLogger(NodeMetrics.class.getName());

    @Inject
    MeterRegistry registry;
    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;
    @Inject
    MetadataFollower follower;

    private volatile NodeReading node = NodeReading.NONE;
    private volatile ClusterMetadata metadata = ClusterMetadata.EMPTY;
    private volatile long diskFree = -1;
    private volatile long diskTotal = -1;
    private final Map<TopicPartition, ReplicaMeters> partitions = new HashMap<>();
    private ScheduledExecutorService thread;

    void start(@Observes StartupEvent event) {
        follower.addListener(view -> metadata = view.snapshot());
        nodeGauge("strata.node.partitions", "Replicas this node holds (Kafka: PartitionCount)", NodeReading::partitions);
        nodeGauge("strata.node.leaders", "Replicas this node leads (Kafka: LeaderCount)", NodeReading::leaders);
        nodeGauge("strata.node.under.replicated.partitions",
                "Partitions led here whose ISR is smaller than their replica set (Kafka: UnderReplicatedPartitions)",
                NodeReading::underReplicated);
        nodeGauge("strata.node.under.min.isr.partitions",
                "Partitions led here whose ISR is smaller than min.insync.replicas (Kafka: UnderMinIsrPartitionCount)",
                NodeReading::underMinIsr);
        nodeGauge("strata.node.offline.partitions",
                "Partitions without a leader, counted by the active controller only (Kafka: OfflinePartitionsCount)",
                NodeReading::offline);
        nodeGauge("strata.controller.active", "1 on the active controller, else 0 (Kafka: ActiveControllerCount)",
                NodeReading::activeController);
        nodeGauge("strata.controller.epoch", "The controller epoch in this node's metadata view", NodeReading::controllerEpoch);
        Gauge.builder("strata.node.disk.free", this, metrics -> metrics.diskFree).baseUnit("bytes")
                .description("Usable bytes left on the data directory's file system").register(registry);
        Gauge.builder("strata.node.disk.total", this, metrics -> metrics.diskTotal).baseUnit("bytes")
                .description("Size of the data directory's file system").register(registry);
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread metrics = new Thread(runnable, "strata-metrics");
            metrics.setDaemon(true);
            return metrics;
        });
        long every = config.metricsRefreshInterval().toMillis();
        thread.scheduleWithFixedDelay(this::refreshSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private void nodeGauge(String name, String description, ToDoubleFunction<NodeReading> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.node)).description(description).register(registry);
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A replica closed mid-read, say: the next round reads again.
            LOG.log(System.Logger.Level.DEBUG, "metrics refresh failed; retrying at the next interval", e);
        }
    }

    private void refresh() {
        List<ReplicaReading> readings = new ArrayList<>();
        Map<TopicPartition, Replica> held = new HashMap<>();
        for (Replica replica : replicas.replicas()) {
            ReplicaReading reading = ReplicaReading.of(replica, config.id());
            readings.add(reading);
            held.put(replica.id(), replica);
            ReplicaMeters meters = partitions.get(replica.id());
            if (meters != null && meters.replica() == replica) {
                meters.update(reading);
            } else {
                if (meters != null) {
                    meters.remove(); // an earlier incarnation: its counters end here
                }
                partitions.put(replica.id(), ReplicaMeters.register(registry, replica, reading));
            }
        }
        partitions.entrySet().removeIf(entry -> {
            if (held.get(entry.getKey()) == entry.getValue().replica()) {
                return false;
            }
            entry.getValue().remove();
            return true;
        });
        node = NodeReading.of(readings, metadata, config.id());
        refreshDisk();
    }

    private void refreshDisk() {
        try {
            FileStore store = Files.getFileStore(replicas.dataDir());
            diskFree = store.getUsableSpace();
            diskTotal = store.getTotalSpace();
        } catch (IOException e) {
            diskFree = -1;
            diskTotal = -1;
        }
    }
}
