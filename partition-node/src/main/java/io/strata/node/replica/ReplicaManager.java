package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.eventlog.PartitionEventLog;
import io.strata.node.log.ConfigLayers;
import io.strata.node.log.FileHandles;
import io.strata.node.log.LogConfig;
import io.strata.node.log.PartitionLog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The replicas a node holds, one directory each under the node's data directory, with their
 * topic configs kept beside the log in {@code replica.properties} so that a restarted node opens
 * every replica as it was created.
 *
 * <p>Settings: each replica's log runs with {@link ConfigLayers}: its topic's overrides, then the
 * cluster defaults, then this node's settings, then Kafka's. The cluster defaults last received
 * are kept in {@code cluster-defaults.properties} in the data directory, written (durably) before
 * any replica applies them, and read by {@link #load()} before any replica is opened, so a node
 * that starts while the metadata service is down runs with the defaults it last knew, never with
 * its own or Kafka's in their place: were a cluster default {@code retention.ms=-1} or
 * {@code cleanup.policy=compact}, those would let retention delete what the cluster keeps. A
 * default that makes a replica's settings invalid leaves that replica's settings as they were.
 *
 * <p>Invariants: at most one open {@link Replica} per partition; a replica is in the map exactly
 * while its directory is in use; one process at a time owns the data directory (an OS file lock
 * on {@code .lock}, released if the process dies). Nothing in the data directory is opened,
 * renamed or removed before {@link #load()}: a node with a metadata service loads only once it
 * knows the directory belongs to the cluster it joined, so a node pointed at another cluster
 * changes no file. A replica leaves its directory name only by one atomic rename: to
 * {@code -delete} (then removed in the background by the {@link ReplicaDeleter}) or to
 * {@code -stray} (kept for the operator); no replica file is ever removed in place.
 *
 * <p>Thread-safety: lookups are lock-free; loading, creating and deleting replicas are rare and
 * take this object's monitor so that two requests for the same partition cannot race on its
 * directory. File removal runs on the deleter's own thread, never on the caller's.
 */
public final class ReplicaManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReplicaManager.class.getName());
    private static final String CONFIG_FILE = "replica.properties";
    /** The cluster defaults last received from the metadata service, in the data directory. */
    public static final String CLUSTER_DEFAULTS_FILE = "cluster-defaults.properties";
    /** Kept in the config file beside the topic configs; not a topic config itself. */
    private static final String TOPIC_ID_KEY = "strata.topic.id";
    /** Marks a replica directory renamed aside at start because the metadata does not list it (KRaft's suffix). */
    public static final String STRAY_SUFFIX = "-stray";

    private final Path dataDir;
    private final FileHandles files;
    private final LogConfig defaults;
    private final Clock clock;
    private final FileLock dirLock;
    private final int nodeId;
    private final boolean standalone;
    private final ScheduledExecutorService timer;
    /** Places for acks=all waiters, shared by every replica ({@code strata.node.max-ack-waiters}). */
    private final Semaphore ackWaiterPlaces;
    private final ReplicaDeleter deleter;
    private final ReplicaEvents events;
    private final Map<TopicPartition, Replica> replicas = new ConcurrentHashMap<>();
    /** Written under this object's monitor; read by anyone. */
    private volatile ConfigLayers layers;
    private volatile boolean loaded;

    private ReplicaManager(Path dataDir, FileHandles files, LogConfig defaults, Clock clock, FileLock dirLock,
                           int nodeId, boolean standalone, int maxAckWaiters, ReplicaDeleter deleter, ReplicaEvents events) {
        this.dataDir = dataDir;
        this.files = files;
        this.defaults = defaults;
        this.layers = new ConfigLayers(defaults, Map.of());
        this.clock = clock;
        this.dirLock = dirLock;
        this.nodeId = nodeId;
        this.standalone = standalone;
        this.ackWaiterPlaces = new Semaphore(maxAckWaiters);
        this.deleter = deleter;
        this.events = events;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "strata-replica-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
    }

    /**
     * Locks the data directory; a standalone node also {@link #load loads} its replicas at once.
     *
     * @param standalone whether this node runs without a metadata service: then it leads every
     *                   replica it holds, alone in its ISR; otherwise replicas wait for the
     *                   metadata to give them a role, and are loaded only once the node's cluster
     *                   identity is confirmed
     * @param maxAckWaiters the most acks=all appends waiting for their replicas at once, over all
     *                      replicas ({@code strata.node.max-ack-waiters})
     */
    public static ReplicaManager open(Path dataDir, int maxOpenFiles, LogConfig defaults, Clock clock, int nodeId,
                                      boolean standalone, int maxAckWaiters) throws IOException {
        return open(dataDir, maxOpenFiles, defaults, clock, nodeId, standalone, maxAckWaiters, new ReplicaDeleter(),
                ReplicaEvents.NONE);
    }

    /**
     * As {@link #open(Path, int, LogConfig, Clock, int, boolean, int)}, removing deleted replicas with
     * {@code deleter} and telling {@code events} of ISR changes and acks=all waits.
     */
    public static ReplicaManager open(Path dataDir, int maxOpenFiles, LogConfig defaults, Clock clock, int nodeId,
                                      boolean standalone, int maxAckWaiters, ReplicaDeleter deleter,
                                      ReplicaEvents events) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel lockChannel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("data directory " + dataDir + " is in use by another process");
        }
        ReplicaManager manager = new ReplicaManager(dataDir, new FileHandles(maxOpenFiles), defaults, clock, lock,
                nodeId, standalone, maxAckWaiters, deleter, events);
        if (standalone) {
            manager.load();
        }
        return manager;
    }

    /**
     * Queues the removal of replica directories a crash left marked deleted, then opens
     * (recovering where needed) every replica in the data directory. Runs once; later calls do
     * nothing.
     */
    public synchronized void load() throws IOException {
        if (loaded) {
            return;
        }
        deleter.removeLeftovers(dataDir);
        layers = new ConfigLayers(defaults, PropertiesFile.read(dataDir.resolve(CLUSTER_DEFAULTS_FILE)));
        if (!layers.clusterDefaults().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "cluster defaults as last received: " + layers.clusterDefaults());
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                Optional<TopicPartition> id = Files.isDirectory(dir)
                        ? TopicPartition.fromDirName(dir.getFileName().toString()) : Optional.empty();
                if (id.isPresent() && !replicas.containsKey(id.get())) {
                    Map<String, String> configs = PropertiesFile.read(dir.resolve(CONFIG_FILE));
                    String topicId = Objects.requireNonNullElse(configs.remove(TOPIC_ID_KEY), "");
                    replicas.put(id.get(), newReplica(id.get(), topicId, openLog(dir, configs), configs));
                }
            }
        }
        loaded = true;
        LOG.log(System.Logger.Level.INFO, "opened " + replicas.size() + " replicas in " + dataDir);
    }

    /** Whether {@link #load()} has opened the replicas on disk. */
    public boolean loaded() {
        return loaded;
    }

    private Replica newReplica(TopicPartition id, String topicId, PartitionLog log, Map<String, String> configs) {
        return new Replica(id, topicId, nodeId, log, configs, layers.effective(configs), standalone, timer,
                ackWaiterPlaces, events);
    }

    public int nodeId() {
        return nodeId;
    }

    /** The replica of a partition, if this node holds one. */
    public Optional<Replica> find(TopicPartition id) {
        return Optional.ofNullable(replicas.get(id));
    }

    /** The replica of a partition. */
    public Replica get(TopicPartition id) {
        Replica replica = replicas.get(id);
        if (replica == null) {
            throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "this node holds no replica of " + id);
        }
        return replica;
    }

    public Collection<Replica> replicas() {
        return List.copyOf(replicas.values());
    }

    /**
     * Creates a replica with these topic configs (validated first), or keeps the existing one.
     *
     * @param topicId the topic incarnation (empty when unknown), so that a topic deleted and
     *                created again under the same name is told apart from the old one
     * @return whether it was created
     */
    public synchronized boolean create(TopicPartition id, String topicId, Map<String, String> configs) throws IOException {
        LogConfig config = layers.resolve(configs);
        if (replicas.containsKey(id)) {
            return false;
        }
        Path dir = dataDir.resolve(id.dirName());
        Files.createDirectories(dir);
        writeConfigs(dir, topicId, configs);
        replicas.put(id, newReplica(id, topicId, PartitionLog.open(dir, config, files, clock), configs));
        LOG.log(System.Logger.Level.INFO, "created replica " + id + " with configs " + configs);
        return true;
    }

    /** Applies changed topic configs (validated first) to a replica's log and its config file. */
    public synchronized void updateConfigs(TopicPartition id, Map<String, String> configs) throws IOException {
        LogConfig config = layers.resolve(configs);
        Replica replica = get(id);
        writeConfigs(replica.log().dir(), replica.topicId(), configs);
        replica.log().updateConfig(config);
        replica.configs(configs, layers.effective(configs));
        LOG.log(System.Logger.Level.INFO, "replica " + id + " now has configs " + configs);
    }

    /** The cluster defaults in force on this node (as last received, or read back at load). */
    public Map<String, String> clusterDefaults() {
        return layers.clusterDefaults();
    }

    /**
     * Makes {@code clusterDefaults} the node's cluster defaults: writes them to
     * {@value #CLUSTER_DEFAULTS_FILE} first, then applies them to every replica, live. A replica
     * whose settings they would make invalid keeps its settings (logged); the others go on.
     *
     * @return how many replicas' settings changed; 0 when the defaults are those in force
     */
    public synchronized int updateClusterDefaults(Map<String, String> clusterDefaults) throws IOException {
        if (clusterDefaults.equals(layers.clusterDefaults())) {
            return 0;
        }
        ConfigLayers next = new ConfigLayers(defaults, clusterDefaults);
        PropertiesFile.write(dataDir.resolve(CLUSTER_DEFAULTS_FILE), clusterDefaults,
                "cluster defaults of topic configs, as last received from the metadata service", true);
        layers = next;
        if (!next.ignored().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "cluster defaults this node does not know, ignored: " + next.ignored());
        }
        LOG.log(System.Logger.Level.INFO, "cluster defaults are now " + clusterDefaults);
        int changed = 0;
        for (Replica replica : replicas.values()) {
            try {
                LogConfig config = next.resolve(replica.configs());
                if (!config.equals(replica.log().config())) {
                    replica.log().updateConfig(config);
                    changed++;
                }
                replica.configs(replica.configs(), next.effective(replica.configs()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "replica " + replica.id() + " keeps its settings: the cluster"
                        + " defaults do not fit its topic configs " + replica.configs() + " (" + e.getMessage() + ")");
            }
        }
        return changed;
    }

    /**
     * Deletes a replica: closes it, renames its directory to {@code -delete} (atomic and durable:
     * a crash leaves either the replica or a directory marked deleted) and leaves the removal of
     * its files to the deleter's thread. Returns whether there was one.
     */
    public synchronized boolean delete(TopicPartition id) throws IOException {
        Replica replica = replicas.remove(id);
        if (replica == null) {
            return false;
        }
        // A leader removed by a reassignment may hold acks=all appends: they fail now (retriable,
        // the producer finds the new leader) instead of waiting out their timeout.
        replica.becomeOffline(replica.role().leaderEpoch());
        replica.log().close();
        Path marked = deleter.markAndRemove(replica.log().dir());
        LOG.log(System.Logger.Level.INFO, "deleted replica " + id + " (its files go in the background from " + marked + ")");
        return true;
    }

    /**
     * Renames a replica the metadata does not list to {@code <dir>.<uuid>-stray}, as KRaft does, and
     * keeps its files: an operator decides what to do with them. Returns the new path, or empty if
     * this node holds no such replica.
     */
    public synchronized Optional<Path> renameStray(TopicPartition id) throws IOException {
        Replica replica = replicas.remove(id);
        if (replica == null) {
            return Optional.empty();
        }
        replica.log().close();
        Path aside = AtomicRenames.renameAside(replica.log().dir(), STRAY_SUFFIX);
        LOG.log(System.Logger.Level.WARNING, "replica " + id + " (topic id '" + replica.topicId() + "') is not in"
                + " the metadata: renamed aside to " + aside + ", nothing deleted; remove it once you know it is not needed");
        return Optional.of(aside);
    }

    /** Applies retention to every replica; one replica's failure does not stop the others. */
    public void applyRetention() {
        forEachReplica("apply retention to", replica -> {
            int deleted = replica.log().maybeApplyRetention(replica.highWatermark());
            if (deleted > 0) {
                PartitionEventLog.log(LOG, System.Logger.Level.INFO, PartitionEventLog.Event.SEGMENT_DELETION, replica.id(),
                        "retention deleted " + deleted + " segments of " + replica.id()
                        + "; log start offset is now " + replica.log().logStartOffset());
            }
        });
    }

    /** Fsyncs what flush.ms asks for and what rolled since the last flush. */
    public void maybeFlush() {
        forEachReplica("flush", replica -> replica.log().maybeFlush());
    }

    /** Writes each replica's high watermark to its checkpoint file where it moved since the last time. */
    public void checkpointHighWatermarks() {
        forEachReplica("checkpoint the high watermark of", Replica::checkpointHighWatermark);
    }

    private void forEachReplica(String action, Consumer<Replica> task) {
        for (Replica replica : replicas.values()) {
            try {
                task.accept(replica);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot " + action + " " + replica.id() + ": " + e.getMessage());
            }
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Flushes and closes every replica, then releases the data directory. */
    @Override
    public synchronized void close() {
        checkpointHighWatermarks();
        List<Replica> open = new ArrayList<>(replicas.values());
        replicas.clear();
        open.forEach(replica -> replica.log().close());
        timer.shutdownNow();
        deleter.close();
        files.close();
        try {
            dirLock.release();
            dirLock.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot release the lock on " + dataDir, e);
        }
    }

    private PartitionLog openLog(Path dir, Map<String, String> configs) throws IOException {
        LogConfig config;
        try {
            config = layers.resolve(configs);
        } catch (StrataException invalid) {
            // Never the default policy: a compacted topic's log would lose its old segments to the
            // default 7-day retention. Deleting nothing is safe until the topic's configs arrive again.
            LOG.log(System.Logger.Level.WARNING, "ignoring the configs of " + dir + " (" + invalid.getMessage()
                    + "): retention deletes nothing from this log until its topic's configs are set again");
            config = defaults.with(Map.of(LogConfig.RETENTION_MS, "-1", LogConfig.RETENTION_BYTES, "-1"));
        }
        return PartitionLog.open(dir, config, files, clock);
    }

    private static void writeConfigs(Path dir, String topicId, Map<String, String> configs) throws IOException {
        Map<String, String> entries = new HashMap<>(configs);
        entries.put(TOPIC_ID_KEY, topicId);
        PropertiesFile.write(dir.resolve(CONFIG_FILE), entries, "topic configs of this replica", false);
    }
}
