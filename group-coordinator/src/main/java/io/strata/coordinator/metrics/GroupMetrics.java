package io.strata.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.PartitionLag;
import io.strata.coordinator.admin.GroupAdmin;
import io.strata.coordinator.config.CoordinatorConfig;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.GroupSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's metrics on {@code /q/metrics}: consumer group lag per group and partition, in
 * records (log end offset − committed offset, as {@code kafka-consumer-groups --describe} shows it)
 * and in seconds ({@link LagClock}); rebalances (group epoch bumps: a member joined or left, a
 * subscription or a subscribed topic's partition count changed); and the groups by state.
 *
 * <p>Recomputed every {@code strata.coordinator.metrics-refresh-interval} on a thread of its own
 * ({@code strata-group-metrics}), which describes the groups as an admin would (offsets from the
 * database on a Vert.x context, log end offsets from the partition leaders) and waits for the
 * answers, so a scrape never waits for a group lock, the database or a node. A partition whose log
 * end cannot be read is left out of that round. Everything mutable is confined to that thread.
 */
@ApplicationScoped
public class GroupMetrics {

    private static final System.Logger LOG = System.getLogger(GroupMetrics.class.getName());
    /** Log end samples kept per partition for lag in seconds: at the default interval, 16 minutes. */
    private static final int LAG_SAMPLES = 64;

    @Inject
    MeterRegistry registry;
    @Inject
    GroupCoordinator groups;
    @Inject
    GroupAdmin admin;
    @Inject
    CoordinatorConfig config;

    private final LagClock<String> lagClock = new LagClock<>(LAG_SAMPLES);
    private final Map<String, Integer> epochs = new HashMap<>();
    private final Map<GroupSnapshot.State, Integer> groupsByState = new EnumMap<>(GroupSnapshot.State.class);
    private MultiGauge lagRecords;
    private MultiGauge lagSeconds;
    private MultiGauge stateGauge;
    private Counter rebalances;
    private ScheduledExecutorService thread;

    void start(@Observes StartupEvent event) {
        lagRecords = MultiGauge.builder("strata.consumer.group.lag.records")
                .description("Records a group is behind on a partition: log end offset - committed offset (Kafka: records-lag)")
                .register(registry);
        lagSeconds = MultiGauge.builder("strata.consumer.group.lag.seconds")
                .description("How long ago the first record a group has not consumed was written, estimated from sampled log ends")
                .register(registry);
        stateGauge = MultiGauge.builder("strata.coordinator.groups")
                .description("Groups this coordinator holds, by state (Kafka: NumGroupsStable, NumGroupsEmpty, ...)")
                .register(registry);
        rebalances = Counter.builder("strata.coordinator.rebalances")
                .description("Rebalances started: group epoch bumps over all groups (Kafka: group-rebalance-count)")
                .register(registry);
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-group-metrics");
            t.setDaemon(true);
            return t;
        });
        long everyMs = config.metricsRefreshInterval().toMillis();
        thread.scheduleWithFixedDelay(this::refreshSafely, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private void refreshSafely() {
        try {
            refreshGroups();
            refreshLag();
        } catch (Throwable e) {
            // The database or a node is away, say: the next round tries again.
            LOG.log(System.Logger.Level.DEBUG, "group metrics refresh failed; retrying at the next interval", e);
        }
    }

    /** Rebalances and states, from the groups in memory. */
    private void refreshGroups() {
        groupsByState.clear();
        Set<String> present = new HashSet<>();
        for (GroupSnapshot group : groups.snapshots()) {
            present.add(group.groupId());
            groupsByState.merge(group.state(), 1, Integer::sum);
            int seen = epochs.getOrDefault(group.groupId(), 0);
            // A lower epoch is a new incarnation of the group (it was forgotten and made again).
            int bumps = group.groupEpoch() >= seen ? group.groupEpoch() - seen : group.groupEpoch();
            if (bumps > 0) {
                rebalances.increment(bumps);
            }
            epochs.put(group.groupId(), group.groupEpoch());
        }
        epochs.keySet().retainAll(present);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (GroupSnapshot.State state : GroupSnapshot.State.values()) {
            rows.add(MultiGauge.Row.of(Tags.of("state", state.name()), groupsByState.getOrDefault(state, 0)));
        }
        stateGauge.register(rows, true);
    }

    /** Lag of every group with committed offsets or members, up to metrics-max-groups. */
    private void refreshLag() throws Throwable {
        List<GroupListing> listed = VertxContextSupport.subscribeAndAwait(() -> admin.list());
        long now = System.nanoTime();
        List<PartitionLag> lags = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        Set<String> sampled = new HashSet<>();
        for (GroupListing listing : listed.subList(0, Math.min(listed.size(), config.metricsMaxGroups()))) {
            GroupDescription description = VertxContextSupport.subscribeAndAwait(() -> admin.describe(listing.getGroupId(), true));
            for (PartitionLag lag : description.getOffsetsList()) {
                if (lag.getLogEndOffset() >= 0) {
                    String key = lag.getTopic() + "/" + lag.getPartition();
                    lagClock.sample(key, lag.getLogEndOffset(), now);
                    sampled.add(key);
                }
                if (lag.getLag() >= 0) {
                    lags.add(lag);
                    owners.add(listing.getGroupId());
                }
            }
        }
        lagClock.retainOnly(sampled);
        List<MultiGauge.Row<?>> records = new ArrayList<>();
        List<MultiGauge.Row<?>> seconds = new ArrayList<>();
        for (int i = 0; i < lags.size(); i++) {
            PartitionLag lag = lags.get(i);
            Tags tags = Tags.of("group", owners.get(i), "topic", lag.getTopic(), "partition", Integer.toString(lag.getPartition()));
            records.add(MultiGauge.Row.of(tags, lag.getLag()));
            seconds.add(MultiGauge.Row.of(tags, lagClock.lagSeconds(lag.getTopic() + "/" + lag.getPartition(),
                    lag.getCommittedOffset(), now)));
        }
        lagRecords.register(records, true);
        lagSeconds.register(seconds, true);
    }
}
