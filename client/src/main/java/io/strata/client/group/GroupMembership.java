package io.strata.client.group;

import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A consumer's membership in its group (Kafka's KIP-848 protocol, server-side assignment): a
 * background thread heartbeats with the partitions the consumer owns, and keeps the assignment
 * the coordinator last answered; the consumer's poll thread asks {@link #change()} what to give up
 * and what to take, does it, and reports the result with {@link #owned(Set)}, which heartbeats at
 * once (and {@code onNews} tells the poll thread when an answer gives it something to do).
 *
 * <p>Heartbeats are long polls ({@code max_wait_ms}): while this member has nothing to do the
 * coordinator holds the answer until the group changes in a way that may concern it (or the
 * heartbeat interval passes), and this member heartbeats again at once. So a rebalance reaches it
 * within a round trip, not at its next interval. For that this member is always in such a call
 * while it has nothing to do: after an answer whose assignment is what it owns, the next heartbeat
 * goes at once, whatever interval the answer named (the coordinator holds it; an answer that moved
 * the epoch is followed by one more, held, heartbeat). Only while the poll thread has partitions to
 * give up or take does it wait, for {@link #owned(Set)} or the answer's interval: a heartbeat then
 * would be answered at once and only repeat the last answer. Taking partitions is reported at once
 * too, not only giving them up: until the coordinator hears that this member owns its assignment it
 * cannot hold this member's heartbeat, so a member that took partitions silently would sleep a
 * whole interval and miss the next rebalance for that long.
 *
 * <p>Calls are never cancelled (each cancel is an HTTP/2 RST_STREAM, and servers close connections
 * that send many): a change of what is owned while a heartbeat is in flight is reported by the next
 * one, sent as soon as that call returns. A held call cannot be in flight then: the coordinator
 * holds only an answer that gives the member nothing to do, so there is nothing to change until a
 * later answer says so.
 *
 * <p>Invariant: {@code owned} is only what the poll thread has taken and not yet given up, so the
 * coordinator never hears of a partition as released while records of it may still be processed
 * here. Fenced (the group removed this member): every owned partition is lost, and the member
 * joins again with nothing owned.
 *
 * <p>Thread-safe: the heartbeat thread and the poll thread share state under this object's lock;
 * the lock is never held during a call to the coordinator.
 */
public final class GroupMembership implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupMembership.class.getName());
    private static final int DEFAULT_INTERVAL_MS = 3000;

    private final String groupId;
    private final GroupSubscription subscription;
    private final int rebalanceTimeoutMs;
    private final Supplier<GroupCoordinatorServiceBlockingStub> coordinator;
    private final long requestTimeoutMs;
    private final ScheduledExecutorService timer;
    /** Run (on the heartbeat thread, outside the lock) when an answer gives the poll thread something to do. */
    private final Runnable onNews;

    private String memberId = "";
    private int memberEpoch;
    private int heartbeatIntervalMs = DEFAULT_INTERVAL_MS;
    /**
     * How long a long poll may be held: the longest interval the coordinator named (its interval
     * for settled members), never the short one it names while a rebalance is under way, which
     * would end holds early for nothing.
     */
    private int longPollMs = DEFAULT_INTERVAL_MS;
    private Set<TopicPartition> owned = Set.of();
    private Set<TopicPartition> target;
    private boolean lost;
    private boolean leaving;
    private ScheduledFuture<?> next;
    /** What is owned changed after the heartbeat in flight was built: the next one goes at once. */
    private boolean ownedChangedSinceSent;

    /** {@code onNews} is told (on the heartbeat thread) whenever an answer leaves {@link #change()} non-empty. */
    public GroupMembership(String groupId, GroupSubscription subscription, int rebalanceTimeoutMs, long requestTimeoutMs,
                           Supplier<GroupCoordinatorServiceBlockingStub> coordinator, Runnable onNews) {
        this.groupId = groupId;
        this.onNews = onNews;
        this.subscription = subscription;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.coordinator = coordinator;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strata-heartbeat-" + groupId);
            thread.setDaemon(true);
            return thread;
        });
        schedule(0);
    }

    public synchronized String memberId() {
        return memberId;
    }

    public synchronized int memberEpoch() {
        return memberEpoch;
    }

    /** What the poll thread must do now to follow the group; {@link AssignmentChange#NONE} when nothing. */
    public synchronized AssignmentChange change() {
        if (lost) {
            return new AssignmentChange(Set.copyOf(owned), Set.of(), true);
        }
        return target == null ? AssignmentChange.NONE : AssignmentChange.between(owned, target);
    }

    /**
     * The poll thread now owns exactly {@code partitions}; the coordinator hears it at once, a
     * release so that the member waiting for it gets it, a take so that this member's next
     * heartbeat is one the coordinator can hold (see the class comment).
     */
    public void owned(Set<TopicPartition> partitions) {
        synchronized (this) {
            boolean changed = !partitions.equals(owned);
            owned = Set.copyOf(partitions);
            if (lost && partitions.isEmpty()) {
                lost = false;
            }
            if (!changed) {
                return;
            }
            ownedChangedSinceSent = true;
        }
        schedule(0);
    }

    private void schedule(long delayMs) {
        synchronized (this) {
            if (leaving || timer.isShutdown()) {
                return;
            }
            if (next != null && !next.isDone()) {
                next.cancel(false);
            }
            next = timer.schedule(this::beat, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        GroupHeartbeatRequest request;
        synchronized (this) {
            if (leaving) {
                return;
            }
            boolean joining = memberEpoch == 0;
            GroupHeartbeatRequest.Builder builder = GroupHeartbeatRequest.newBuilder().setGroupId(groupId).setMemberId(memberId)
                    .setMemberEpoch(memberEpoch).setRebalanceTimeoutMs(rebalanceTimeoutMs)
                    .addAllOwnedPartitions(lost ? List.of() : grouped(owned));
            if (joining) {
                builder.setSubscription(subscription);
            }
            if (!joining && !lost) {
                builder.setMaxWaitMs(longPollMs);
            }
            request = builder.build();
            ownedChangedSinceSent = false;
        }
        long delay;
        long sent = System.nanoTime();
        try {
            GroupHeartbeatResponse response = coordinator.get()
                    .withDeadlineAfter(requestTimeoutMs + request.getMaxWaitMs(), TimeUnit.MILLISECONDS).heartbeat(request);
            delay = answered(request, response);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "group " + groupId + ": member " + response.getMemberId() + " heartbeat epoch "
                        + request.getMemberEpoch() + " owned " + count(request.getOwnedPartitionsList()) + " wait "
                        + request.getMaxWaitMs() + " -> epoch " + response.getMemberEpoch() + " assigned "
                        + count(response.getAssignmentList()) + " interval " + response.getHeartbeatIntervalMs() + " in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent) + " ms");
            }
        } catch (RuntimeException failure) {
            delay = failed(StrataClientException.of(failure));
        }
        if (hasNews()) {
            onNews.run();
        }
        schedule(nextDelay(delay));
    }

    private synchronized boolean hasNews() {
        return lost || (target != null && !target.equals(owned));
    }

    private synchronized long nextDelay(long delay) {
        return ownedChangedSinceSent ? 0 : delay;
    }

    /**
     * The delay before the next heartbeat: 0 when this member has nothing to do and the next one
     * is a long poll the coordinator will hold, else the answer's interval, unless the poll thread
     * reports sooner ({@link #owned}). A long poll answered at once with the epoch it carried and
     * nothing to do was not held (a coordinator that does not hold): the next one waits the
     * interval, or the member would heartbeat in a loop.
     */
    private synchronized long answered(GroupHeartbeatRequest request, GroupHeartbeatResponse response) {
        memberId = response.getMemberId();
        memberEpoch = response.getMemberEpoch();
        target = flatten(response.getAssignmentList());
        if (response.getHeartbeatIntervalMs() == 0) {
            return 0;
        }
        heartbeatIntervalMs = Math.max(100, response.getHeartbeatIntervalMs());
        longPollMs = Math.max(longPollMs, heartbeatIntervalMs);
        boolean notHeld = request.getMaxWaitMs() > 0 && response.getMemberEpoch() == request.getMemberEpoch();
        return target.equals(owned) && !notHeld ? 0 : heartbeatIntervalMs;
    }

    private synchronized long failed(StrataClientException failure) {
        if (failure.code() == ErrorCode.UNKNOWN_MEMBER_ID || failure.code() == ErrorCode.FENCED_MEMBER_EPOCH) {
            LOG.log(System.Logger.Level.INFO, "group " + groupId + ": member " + memberId + " was removed (" + failure.code()
                    + "); its partitions are lost and it joins again");
            lost = !owned.isEmpty();
            memberEpoch = 0;
            target = null;
            return 0;
        }
        LOG.log(System.Logger.Level.DEBUG, "group " + groupId + ": heartbeat failed, retrying: " + failure);
        return Math.min(heartbeatIntervalMs, 1000);
    }

    /** Leaves the group (the coordinator moves this member's partitions at once) and stops heartbeating. */
    @Override
    public void close() {
        String id;
        int epoch;
        synchronized (this) {
            leaving = true;
            id = memberId;
            epoch = memberEpoch;
        }
        timer.shutdownNow();
        if (!id.isEmpty() && epoch > 0) {
            try {
                coordinator.get().withDeadlineAfter(requestTimeoutMs, TimeUnit.MILLISECONDS).heartbeat(GroupHeartbeatRequest
                        .newBuilder().setGroupId(groupId).setMemberId(id).setMemberEpoch(-1).build());
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.INFO, "group " + groupId + ": leaving failed (the session timeout will remove "
                        + id + "): " + failure);
            }
        }
    }

    private static int count(List<GroupTopicPartitions> partitions) {
        return partitions.stream().mapToInt(GroupTopicPartitions::getPartitionsCount).sum();
    }

    static Set<TopicPartition> flatten(List<GroupTopicPartitions> partitions) {
        Set<TopicPartition> flat = new HashSet<>();
        partitions.forEach(t -> t.getPartitionsList().forEach(p -> flat.add(new TopicPartition(t.getTopic(), p))));
        return flat;
    }

    static List<GroupTopicPartitions> grouped(Set<TopicPartition> partitions) {
        Map<String, Set<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition()));
        List<GroupTopicPartitions> grouped = new ArrayList<>();
        byTopic.forEach((topic, ps) -> grouped.add(GroupTopicPartitions.newBuilder().setTopic(topic).addAllPartitions(ps).build()));
        return grouped;
    }
}
