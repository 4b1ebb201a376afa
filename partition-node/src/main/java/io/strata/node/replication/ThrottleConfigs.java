package io.strata.node.replication;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.replica.PropertiesFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This node's dynamic replication-throttle configs, Kafka's per-broker dynamic configs of the same
 * names, set at run time (IncrementalAlterConfigs on this broker, as
 * {@code kafka-reassign-partitions.sh --throttle} and {@code kafka-configs --entity-type brokers
 * --entity-name N} send them) and kept in {@code <data-dir>/}{@value #FILE} so that they survive a
 * restart, as Kafka keeps them in its metadata log.
 *
 * <p>Precedence of the rate in force ({@link #followerRate}), highest first: this node's dynamic
 * {@code follower.replication.throttled.rate}; the start value
 * {@code strata.node.reassignment-throttle-bytes-per-second}; no limit. Deleting the dynamic value
 * returns to the start value. {@code leader.replication.throttled.rate} and
 * {@code replica.alter.log.dirs.io.max.bytes.per.second} are kept and described but act on
 * nothing: Strata throttles a move where the data arrives (the node being added), and a node has
 * one log dir, so no replica ever moves between dirs.
 *
 * <p>Invariants: every kept value passed {@link #alter}'s checks (a whole number ≥ 0); the file
 * is written (fsynced, renamed) before a change reaches the {@link ReassignmentThrottle}, so a
 * rate the throttle ran with is never lost by a crash. Thread-safe: every method holds the monitor.
 */
public final class ThrottleConfigs {

    public static final String FILE = "throttle-configs.properties";
    public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    public static final String LEADER_RATE = "leader.replication.throttled.rate";
    public static final String ALTER_LOG_DIRS_RATE = "replica.alter.log.dirs.io.max.bytes.per.second";
    /** The names this node takes as dynamic configs, sorted. */
    public static final List<String> NAMES = List.of(FOLLOWER_RATE, LEADER_RATE, ALTER_LOG_DIRS_RATE);

    private final Path file;
    private final long startRate;
    private final ReassignmentThrottle throttle;
    private SortedMap<String, String> dynamic;

    private ThrottleConfigs(Path file, long startRate, ReassignmentThrottle throttle, SortedMap<String, String> dynamic) {
        this.file = file;
        this.startRate = startRate;
        this.throttle = throttle;
        this.dynamic = dynamic;
        throttle.rate(followerRate());
    }

    /**
     * The configs kept in {@code dataDir}, applied to {@code throttle} at once. A file edited by
     * hand into a bad value is refused naming it (the node does not start with a rate it cannot read).
     */
    public static ThrottleConfigs open(Path dataDir, long startRate, ReassignmentThrottle throttle) throws IOException {
        if (startRate <= 0) {
            throw new IllegalArgumentException("strata.node.reassignment-throttle-bytes-per-second: " + startRate
                    + " is not positive (" + ReassignmentThrottle.UNLIMITED + " for no limit)");
        }
        Path file = dataDir.resolve(FILE);
        Map<String, String> kept = PropertiesFile.read(file);
        SortedMap<String, String> checked = new TreeMap<>();
        kept.forEach((name, value) -> checked.put(requireName(name), canonical(name, value, file.toString())));
        return new ThrottleConfigs(file, startRate, throttle, checked);
    }

    /** The throttle these configs set the rate of. */
    public ReassignmentThrottle throttle() {
        return throttle;
    }

    /** The dynamic values set, by name (empty when none is). */
    public synchronized SortedMap<String, String> dynamic() {
        return new TreeMap<>(dynamic);
    }

    /** The start value ({@code strata.node.reassignment-throttle-bytes-per-second}). */
    public long startRate() {
        return startRate;
    }

    /** The catch-up rate in force: the dynamic follower rate if set, else the start value. */
    public synchronized long followerRate() {
        String set = dynamic.get(FOLLOWER_RATE);
        return set == null ? startRate : Long.parseLong(set);
    }

    /**
     * Sets and deletes dynamic values; with {@code validateOnly} only checks them. INVALID_CONFIG
     * names an unknown name, a bad value or a name both set and deleted; a refused change changes
     * nothing. The new rate is in force when this returns.
     */
    public synchronized void alter(Map<String, String> set, Collection<String> delete, boolean validateOnly) throws IOException {
        SortedMap<String, String> next = new TreeMap<>(dynamic);
        set.forEach((name, value) -> next.put(requireName(name), canonical(name, value, "this request")));
        for (String name : delete) {
            if (set.containsKey(requireName(name))) {
                throw new StrataException(ErrorCode.INVALID_CONFIG, "config '" + name + "' is both set and deleted in one request");
            }
            next.remove(name);
        }
        if (validateOnly || next.equals(dynamic)) {
            return;
        }
        PropertiesFile.write(file, next, "dynamic replication throttles of this node (IncrementalAlterConfigs)", true);
        dynamic = next;
        throttle.rate(followerRate());
    }

    private static String requireName(String name) {
        if (!NAMES.contains(name)) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, "config '" + name + "' is not a dynamic config of this"
                    + " broker; the ones it takes are " + NAMES);
        }
        return name;
    }

    private static String canonical(String name, String value, String where) {
        long parsed;
        try {
            parsed = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, where + ": value '" + value + "' of '" + name
                    + "' is not a whole number of bytes per second");
        }
        if (parsed < 0) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, where + ": value '" + value + "' of '" + name
                    + "' is negative; it must be 0 … " + Long.MAX_VALUE);
        }
        return Long.toString(parsed);
    }
}
