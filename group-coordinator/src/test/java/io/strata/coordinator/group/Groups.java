package io.strata.coordinator.group;

import io.strata.coordinator.assignment.Assignor;
import io.strata.coordinator.assignment.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers for driving a {@link GroupState} by hand. */
final class Groups {

    static final GroupSettings SETTINGS = new GroupSettings(45_000, 3_000, 250, 60_000, 100_000);

    private Groups() {
    }

    /** A group whose member ids are m1, m2, … in join order. */
    static GroupState group(String groupId) {
        AtomicInteger ids = new AtomicInteger();
        return new GroupState(groupId, SETTINGS, new Assignor(), () -> "m" + ids.incrementAndGet());
    }

    static TopicCatalog catalog(long version, Object... topicsAndCounts) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < topicsAndCounts.length; i += 2) {
            counts.put((String) topicsAndCounts[i], (Integer) topicsAndCounts[i + 1]);
        }
        return TopicCatalog.of(version, counts);
    }

    static MemberHeartbeat join(String... topics) {
        return new MemberHeartbeat("", MemberHeartbeat.JOIN_EPOCH, Optional.empty(), 0,
                Optional.of(Subscription.of(List.of(topics), null)), new TreeSet<>());
    }

    static MemberHeartbeat joinStatic(String instanceId, String... topics) {
        return new MemberHeartbeat("", MemberHeartbeat.JOIN_EPOCH, Optional.of(instanceId), 0,
                Optional.of(Subscription.of(List.of(topics), null)), new TreeSet<>());
    }

    static MemberHeartbeat beat(String memberId, int epoch, Set<TopicPartition> owned) {
        return new MemberHeartbeat(memberId, epoch, Optional.empty(), 0, Optional.empty(), new TreeSet<>(owned));
    }

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    /** Every partition of the topic. */
    static SortedSet<TopicPartition> all(String topic, int count) {
        SortedSet<TopicPartition> partitions = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            partitions.add(tp(topic, i));
        }
        return partitions;
    }

    /**
     * A well-behaved member: owns what it was last told, gives up what it loses at once, and
     * heartbeats with its current epoch.
     */
    static final class Client {
        final String memberId;
        int epoch;
        SortedSet<TopicPartition> owned = new TreeSet<>();

        Client(HeartbeatResult joined) {
            this.memberId = joined.memberId();
            accept(joined);
        }

        HeartbeatResult beat(GroupState group, TopicCatalog catalog, long nowMs) {
            HeartbeatResult result = group.heartbeat(Groups.beat(memberId, epoch, owned), catalog, nowMs);
            accept(result);
            return result;
        }

        private void accept(HeartbeatResult result) {
            epoch = result.memberEpoch();
            owned = new TreeSet<>(result.assignment());
        }
    }

    /** Heartbeats every client round-robin until the group is stable (at most {@code rounds} rounds). */
    static void settle(GroupState group, TopicCatalog catalog, long nowMs, List<Client> clients, int rounds) {
        for (int round = 0; round < rounds && group.state() != GroupSnapshot.State.STABLE; round++) {
            for (Client client : clients) {
                client.beat(group, catalog, nowMs);
            }
        }
        for (Client client : clients) {
            client.beat(group, catalog, nowMs);
        }
        assertThat(group.state()).isEqualTo(GroupSnapshot.State.STABLE);
    }
}
