package io.strata.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaTraffic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters of one replica incarnation on this node: its traffic counters, and gauges of its
 * offsets, size and followers' lag that show its latest {@link ReplicaReading}. Each meter is
 * registered once, when the node first holds the replica (a follower's lag when it first appears),
 * and removed with it; a refresh only swaps the reading the gauges show.
 *
 * <p>Why: the gauges were re-registered with every refresh (Micrometer's {@code MultiGauge} with
 * overwrite), each refresh building a new meter, id and tag set per replica and gauge: at 10,000
 * replicas about 60,000 meters every few seconds.
 *
 * <p>Thread-safety: {@link #update} and {@link #remove} run on the metrics thread only; the gauges
 * are read by scrapes on any thread, from the volatile reading, without locks.
 */
final class ReplicaMeters {

    private final MeterRegistry registry;
    private final Replica replica;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<Integer, Meter> followerLag = new HashMap<>();
    private volatile ReplicaReading reading;

    private ReplicaMeters(MeterRegistry registry, Replica replica, ReplicaReading first) {
        this.registry = registry;
        this.replica = replica;
        this.tags = Tags.of("topic", replica.id().topic(), "partition", Integer.toString(replica.id().partition()));
        this.reading = first;
    }

    /** Registers the meters of {@code replica}, showing {@code first} until the next {@link #update}. */
    static ReplicaMeters register(MeterRegistry registry, Replica replica, ReplicaReading first) {
        ReplicaMeters meters = new ReplicaMeters(registry, replica, first);
        meters.registerAll();
        meters.update(first);
        return meters;
    }

    /** The replica these meters count: a new incarnation of the same partition gets meters of its own. */
    Replica replica() {
        return replica;
    }

    private void registerAll() {
        gauge("strata.partition.log.start.offset", "The first offset of the partition's log", null, ReplicaReading::logStartOffset);
        gauge("strata.partition.log.end.offset", "The offset the next record will take (Kafka: LogEndOffset)", null,
                ReplicaReading::logEndOffset);
        gauge("strata.partition.high.watermark", "Consumers read below this offset", null, ReplicaReading::highWatermark);
        gauge("strata.partition.size", "Bytes of the partition's segments on disk (Kafka: Size)", "bytes", ReplicaReading::sizeBytes);
        ReplicaTraffic traffic = replica.traffic();
        counter("strata.partition.records.in", "Records producers wrote (Kafka: MessagesInPerSec)", traffic, ReplicaTraffic::recordsIn);
        counter("strata.partition.bytes.in", "Bytes producers wrote (Kafka: BytesInPerSec)", traffic, ReplicaTraffic::bytesIn);
        counter("strata.partition.bytes.out", "Bytes consumers read (Kafka: BytesOutPerSec)", traffic, ReplicaTraffic::bytesOut);
    }

    /** Shows {@code latest}; adds a lag gauge for a new follower and removes that of one gone. */
    void update(ReplicaReading latest) {
        reading = latest;
        followerLag.entrySet().removeIf(entry -> {
            if (latest.followerLag().containsKey(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue());
            return true;
        });
        for (Integer follower : latest.followerLag().keySet()) {
            followerLag.computeIfAbsent(follower, id -> Gauge.builder("strata.partition.follower.lag", this,
                            meters -> meters.reading.followerLag().getOrDefault(id, 0L))
                    .description("Records a follower is behind the leader's log end, on the leader").baseUnit("records")
                    .tags(tags.and("follower", Integer.toString(id))).strongReference(true).register(registry));
        }
    }

    /** Removes every meter of this replica. */
    void remove() {
        meters.forEach(registry::remove);
        followerLag.values().forEach(registry::remove);
        meters.clear();
        followerLag.clear();
    }

    /** How many meters this replica has registered now. */
    int size() {
        return meters.size() + followerLag.size();
    }

    private void gauge(String name, String description, String unit, ToLongFunction<ReplicaReading> value) {
        ToDoubleFunction<ReplicaMeters> read = meters -> value.applyAsLong(meters.reading);
        meters.add(Gauge.builder(name, this, read).description(description).baseUnit(unit).tags(tags)
                .strongReference(true).register(registry));
    }

    private void counter(String name, String description, ReplicaTraffic traffic, ToLongFunction<ReplicaTraffic> count) {
        meters.add(FunctionCounter.builder(name, traffic, counted -> count.applyAsLong(counted))
                .description(description).tags(tags).register(registry));
    }
}
