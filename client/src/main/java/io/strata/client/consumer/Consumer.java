package io.strata.client.consumer;

import io.strata.api.v1.GroupSubscription;
import io.strata.client.TopicPartition;
import io.strata.client.group.RebalanceListener;
import io.strata.client.config.ConfigValues;
import io.strata.client.config.ConsumerConfig;
import io.strata.client.config.ConsumerConfig.OffsetReset;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.connection.LeaderConnections;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * Reads records of the partitions it is assigned, as Kafka's consumer does with {@code assign}:
 * {@link #poll} returns records in offset order per partition, at most {@code max.poll.records},
 * while the next batches are already being fetched. A partition without a position starts where
 * {@code auto.offset.reset} says (earliest, latest, or none: an error until {@link #seek}), and a
 * position that falls out of the log is handled the same way. Settings: {@link ConsumerConfig}.
 *
 * <p>Partitions come either from {@link #assign} or, with {@code group.id}, from the group through
 * {@link #subscribe}: the group coordinator balances the subscribed topics' partitions over the
 * group's members and moves them incrementally ({@link GroupSession}); commits go to the group.
 * Like Kafka's consumer it is meant for one thread at a time; {@link #wakeup()} is the exception.
 */
public final class Consumer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Consumer.class.getName());
    private static final long GROUP_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** How long a leader whose direct read failed is read through the gateway instead. */
    private static final long LEADER_RETRY_AFTER_MS = 30_000;

    private final ConsumerConfig config;
    private final GatewayConnection connection;
    private final LeaderConnections leaders;
    private final Fetcher fetcher;
    private volatile GroupSession group;
    private volatile boolean closed;

    private Consumer(ConsumerConfig config) {
        this.config = config;
        // Fetch answers bring up to one partition's fetch size, from the gateway or from a leader alike.
        int maxAnswerBytes = Math.max(64 << 20, config.maxPartitionFetchBytes() + (1 << 20));
        this.connection = new GatewayConnection(config.bootstrapServers(), maxAnswerBytes, config.security());
        this.leaders = new LeaderConnections(config.fetchFromLeaders(), config.security(), maxAnswerBytes, LEADER_RETRY_AFTER_MS);
        this.fetcher = new Fetcher(config, connection, leaders);
    }

    public static Consumer create(Map<String, ?> config) {
        return create(ConfigValues.of(config));
    }

    public static Consumer create(Properties config) {
        return create(ConfigValues.of(config));
    }

    private static Consumer create(ConfigValues values) {
        Consumer consumer = new Consumer(ConsumerConfig.from(values));
        if (!values.unread().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "consumer settings not used: " + values.unread());
        }
        return consumer;
    }

    public ConsumerConfig config() {
        return config;
    }

    /** Reads exactly these partitions from now on (replacing the previous assignment); kept partitions keep their position. */
    public void assign(Collection<TopicPartition> partitions) {
        checkOpen();
        if (group != null) {
            throw new IllegalStateException("this consumer is subscribed: its partitions come from group " + config.groupId());
        }
        fetcher.assign(partitions);
    }

    /** Joins {@code group.id} and reads the partitions of {@code topics} the group gives this consumer. */
    public void subscribe(Collection<String> topics) {
        subscribe(topics, new RebalanceListener() { });
    }

    /** As {@link #subscribe(Collection)}, telling {@code listener} of every partition taken or given. */
    public void subscribe(Collection<String> topics, RebalanceListener listener) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one topic");
        }
        subscribe(GroupSubscription.newBuilder().addAllTopicNames(topics).build(), listener);
    }

    /** Joins {@code group.id} for every topic whose whole name matches {@code pattern}, also topics created later. */
    public void subscribe(Pattern pattern, RebalanceListener listener) {
        subscribe(GroupSubscription.newBuilder().setTopicRegex(pattern.pattern()).build(), listener);
    }

    private void subscribe(GroupSubscription subscription, RebalanceListener listener) {
        checkOpen();
        if (config.groupId() == null || config.groupId().isEmpty()) {
            throw new IllegalStateException("subscribe needs group.id in the consumer's settings");
        }
        if (group != null) {
            throw new IllegalStateException("already subscribed; close this consumer and create another to change the subscription");
        }
        fetcher.assign(List.of());
        group = new GroupSession(config, connection, fetcher, subscription, listener);
    }

    /** Commits, as this group member, the position of every partition: all records poll returned are done. */
    public void commitSync() {
        requireGroup().commitAll();
    }

    /** Commits these offsets (each the offset of the next record to read) as this group member. */
    public void commitSync(Map<TopicPartition, Long> offsets) {
        requireGroup().commitSync(offsets);
    }

    /**
     * Commits these offsets (each the offset of the next record to read) without waiting. Commits
     * complete in the order they were made, synchronous ones included; {@code callback} is called
     * on this consumer's polling thread, inside a later {@code poll}, {@code commitSync} or
     * {@code close}, with the offsets and null, or the failure.
     */
    public void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
        java.util.Objects.requireNonNull(callback, "callback");
        requireGroup().commitAsync(offsets, callback);
    }

    /** The group's committed offsets of these partitions (partitions with none are left out). */
    public Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
        return requireGroup().committed(partitions);
    }

    private GroupSession requireGroup() {
        checkOpen();
        if (group == null) {
            throw new IllegalStateException("not subscribed: commits belong to a group (set group.id and call subscribe)");
        }
        return group;
    }

    /**
     * A snapshot of this consumer's meters (records and bytes consumed, commits and their time, lag
     * and paused partitions). Unlike the other methods, safe to call from any thread (e.g. a
     * metrics scrape) while another polls; it holds the fetch state's lock briefly.
     */
    public ConsumerMetrics metrics() {
        GroupSession session = group;
        return fetcher.metrics(session == null ? 0 : session.commitCount(), session == null ? 0 : session.commitTimeNanos());
    }

    public Set<TopicPartition> assignment() {
        return fetcher.assigned();
    }

    /**
     * Stops fetching these assigned partitions: {@link #poll} returns none of their records until
     * {@link #resume}, and they keep their positions (and what was already fetched). A pause holds
     * across polls and rebalances for as long as the partition stays assigned; a partition that is
     * unassigned or revoked is no longer paused. An unassigned partition is refused
     * ({@link IllegalStateException}), and then none of the given partitions is paused.
     */
    public void pause(Collection<TopicPartition> partitions) {
        checkOpen();
        fetcher.pause(partitions);
    }

    /** Fetches and returns records of these paused partitions again (resuming one not paused does nothing). */
    public void resume(Collection<TopicPartition> partitions) {
        checkOpen();
        fetcher.resume(partitions);
    }

    /** The assigned partitions that are paused now. */
    public Set<TopicPartition> paused() {
        checkOpen();
        return fetcher.paused();
    }

    /**
     * Makes a {@link #poll} (or {@link #position}) blocked in another thread throw
     * {@link WakeupException} at once, or the next such call of this consumer if none is under way.
     * The one method of a consumer that may be called from any thread, e.g. to stop a polling loop.
     */
    public void wakeup() {
        fetcher.wakeup();
    }

    /** The next poll returns records of {@code partition} from {@code offset} on. */
    public void seek(TopicPartition partition, long offset) {
        checkOpen();
        fetcher.seek(partition, offset);
    }

    /** The next poll reads these partitions from their first offset (found lazily). */
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        checkOpen();
        fetcher.resetTo(partitions, OffsetReset.EARLIEST);
    }

    /** The next poll reads these partitions from their end: only records written after it. */
    public void seekToEnd(Collection<TopicPartition> partitions) {
        checkOpen();
        fetcher.resetTo(partitions, OffsetReset.LATEST);
    }

    /** The offset of the next record poll returns for {@code partition}; found first if unknown (may wait up to request.timeout.ms). */
    public long position(TopicPartition partition) {
        checkOpen();
        return fetcher.position(partition, TimeUnit.MILLISECONDS.toNanos(config.requestTimeoutMs()));
    }

    /**
     * Records of the assigned partitions, in offset order per partition, at most
     * max.poll.records; waits up to {@code timeout} when none is there yet (returns an empty list
     * then). A failure poll cannot hide (auto.offset.reset=none, a corrupt batch, a partition that
     * does not exist) is thrown as a {@link io.strata.client.StrataClientException}.
     */
    public List<ConsumerRecord> poll(Duration timeout) {
        checkOpen();
        if (group == null) {
            return fetcher.poll(boundedNanos(timeout));
        }
        // A subscribed consumer follows its group between short waits, so a revocation is
        // acted on within one slice even while no records arrive; an answer of the group that
        // gives it something to do ends the wait at once (GroupSession).
        long deadline = System.nanoTime() + boundedNanos(timeout);
        while (true) {
            fetcher.maybeThrowWakeup();
            group.beforePoll();
            long left = deadline - System.nanoTime();
            List<ConsumerRecord> records = fetcher.poll(Math.max(0, Math.min(left, GROUP_SLICE_NANOS)));
            if (!records.isEmpty() || deadline - System.nanoTime() <= 0) {
                return records;
            }
        }
    }

    /** A timeout in nanoseconds, capped (a century is as good as forever, and deadlines must not overflow). */
    private static long boundedNanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(Duration.ofDays(36_500)) > 0 ? Duration.ofDays(36_500).toNanos() : timeout.toNanos();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the consumer is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (group != null) {
            group.close();
        }
        fetcher.close();
        leaders.close();
        connection.close();
    }
}
