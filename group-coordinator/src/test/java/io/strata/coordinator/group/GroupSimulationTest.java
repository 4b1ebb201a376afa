package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.coordinator.assignment.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded random schedules of joins, heartbeats (some of whose answers are lost), slow revocations,
 * clean leaves, crashes, partition growth and passing time against one {@link GroupState}. The
 * simulated clients behave as real ones must: they heartbeat well inside the session timeout, and
 * a slow revocation finishes within half the rebalance timeout (a real consumer bounds its own
 * revocation by its max.poll.interval; one that does not is a zombie, which commit fencing
 * covers). After every step three invariants are checked:
 * <ul>
 *   <li><b>NoDoubleOwnership</b> (the clients' view): no partition is held by two live clients;</li>
 *   <li><b>HistoryNoOverlap</b> (the coordinator's record, as the cluster tests read it): replaying
 *       the assignment history, a partition is never ASSIGNED while another member still owns it;</li>
 *   <li>the coordinator's own invariants ({@link GroupState#checkInvariants}).</li>
 * </ul>
 * After the churn stops, the group must settle: stable, every partition owned, balanced within one.
 * A failure names its seed; rerun one with {@code -Dgroup.simulation.seed=<seed>}.
 */
class GroupSimulationTest {

    private static final int SCHEDULES = 300;
    private static final int STEPS = 400;
    private static final GroupSettings SETTINGS = new GroupSettings(10_000, 1_000, 100, 8_000, 1_000_000);

    @Test
    void noPartitionIsEverOwnedByTwoMembers() {
        String fixed = System.getProperty("group.simulation.seed");
        long base = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        int runs = fixed != null ? 1 : SCHEDULES;
        for (int run = 0; run < runs; run++) {
            long seed = base + run;
            try {
                new Schedule(seed).run();
            } catch (AssertionError | RuntimeException e) {
                fail("schedule with seed " + seed + " failed (rerun with -Dgroup.simulation.seed=" + seed + "): " + e, e);
            }
        }
    }

    /** A simulated consumer: holds partitions from the moment it is told until it gives them up. */
    private static final class SimClient {
        String memberId = "";
        int epoch;
        SortedSet<TopicPartition> held = new TreeSet<>();
        /** Partitions it was told to give up and still holds (a slow revocation callback). */
        SortedSet<TopicPartition> releasing = new TreeSet<>();
        /** When it learnt of the oldest partition in {@code releasing}; −1 when none. */
        long releasingSinceMs = -1;
        long lastBeatMs;
        final boolean slow;

        SimClient(boolean slow) {
            this.slow = slow;
        }
    }

    private static final class Schedule {
        private final long seed;
        private final Random random;
        private final GroupState group;
        private final List<SimClient> clients = new ArrayList<>();
        private final Map<TopicPartition, String> historyOwners = new HashMap<>();
        private long historySeen;
        private TopicCatalog catalog;
        private long now;
        private int ids;

        Schedule(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.group = new GroupState("sim", SETTINGS, new io.strata.coordinator.assignment.Assignor(), () -> "m" + ++ids);
            this.catalog = TopicCatalog.of(1, Map.of("a", 1 + random.nextInt(12), "b", 1 + random.nextInt(6)));
        }

        void run() {
            for (int step = 0; step < STEPS; step++) {
                act();
                check();
            }
            settle();
        }

        private void act() {
            int roll = random.nextInt(100);
            if (roll < 8 && clients.size() < 8) {
                join(new SimClient(random.nextInt(3) == 0));
            } else if (roll < 11 && !clients.isEmpty()) {
                leave(clients.get(random.nextInt(clients.size())));
            } else if (roll < 14 && !clients.isEmpty()) {
                clients.remove(random.nextInt(clients.size())); // crash: holds nothing, never heartbeats again
            } else if (roll < 15) {
                growPartitions();
            } else if (roll < 40) {
                now += random.nextInt(400);
                group.expire(now);
            } else if (!clients.isEmpty()) {
                beat(clients.get(random.nextInt(clients.size())), random.nextInt(10) == 0);
            }
            keepSessionsAlive();
        }

        /** Live clients heartbeat well inside their session, as real ones do on their interval. */
        private void keepSessionsAlive() {
            for (SimClient client : new ArrayList<>(clients)) {
                if (now - client.lastBeatMs > SETTINGS.heartbeatIntervalMs()) {
                    beat(client, false);
                }
            }
        }

        private void join(SimClient client) {
            List<String> topics = random.nextBoolean() ? List.of("a", "b") : List.of(random.nextBoolean() ? "a" : "b");
            HeartbeatResult joined = group.heartbeat(new MemberHeartbeat(client.memberId, 0, Optional.empty(), 0,
                    Optional.of(Subscription.of(topics, null)), new TreeSet<>()), catalog, now);
            client.memberId = joined.memberId();
            clients.add(client);
            accept(client, joined);
        }

        private void leave(SimClient client) {
            clients.remove(client);
            client.held.clear(); // a clean leave gives up everything first
            group.heartbeat(new MemberHeartbeat(client.memberId, MemberHeartbeat.LEAVE_EPOCH, Optional.empty(), 0,
                    Optional.empty(), new TreeSet<>()), catalog, now);
        }

        private void growPartitions() {
            Map<String, Integer> counts = new HashMap<>(catalog.partitionCounts());
            counts.merge(random.nextBoolean() ? "a" : "b", 1 + random.nextInt(3), Integer::sum);
            catalog = TopicCatalog.of(catalog.version() + 1, counts);
            group.applyCatalog(catalog, now);
        }

        private void beat(SimClient client, boolean loseAnswer) {
            boolean ownDeadline = client.releasingSinceMs >= 0
                    && now - client.releasingSinceMs >= SETTINGS.defaultRebalanceTimeoutMs() / 2;
            if (!client.slow || ownDeadline || random.nextBoolean()) {
                client.held.removeAll(client.releasing); // the revocation callback finished
                client.releasing.clear();
                client.releasingSinceMs = -1;
            }
            try {
                HeartbeatResult result = group.heartbeat(new MemberHeartbeat(client.memberId, client.epoch, Optional.empty(),
                        0, Optional.empty(), client.held), catalog, now);
                client.lastBeatMs = now;
                if (!loseAnswer) {
                    accept(client, result);
                }
            } catch (StrataException refused) {
                assertThat(refused.code()).isIn(ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.FENCED_MEMBER_EPOCH);
                clients.remove(client);
                client.held.clear();
                client.releasing.clear();
                client.releasingSinceMs = -1;
                SimClient fresh = new SimClient(client.slow);
                join(fresh);
            }
        }

        private void accept(SimClient client, HeartbeatResult result) {
            client.epoch = result.memberEpoch();
            client.lastBeatMs = now;
            for (TopicPartition partition : client.held) {
                if (!result.assignment().contains(partition) && client.releasing.add(partition) && client.releasingSinceMs < 0) {
                    client.releasingSinceMs = now;
                }
            }
            if (!client.slow) {
                client.held.removeAll(client.releasing);
                client.releasing.clear();
                client.releasingSinceMs = -1;
            }
            client.releasing.removeAll(result.assignment());
            if (client.releasing.isEmpty()) {
                client.releasingSinceMs = -1;
            }
            client.held.addAll(result.assignment());
        }

        private void check() {
            group.checkInvariants();
            Map<TopicPartition, String> holders = new HashMap<>();
            for (SimClient client : clients) {
                for (TopicPartition partition : client.held) {
                    String other = holders.put(partition, client.memberId);
                    assertThat(other).as("NoDoubleOwnership: %s held by %s and %s at %d ms; its history: %s", partition,
                            other, client.memberId, now, historyOf(partition)).isNull();
                }
            }
            for (AssignmentEvent event : group.history(historySeen)) {
                historySeen = event.sequence();
                switch (event.type()) {
                    case ASSIGNED -> assertThat(historyOwners.put(event.partition(), event.memberId()))
                            .as("HistoryNoOverlap: %s assigned to %s at #%d while owned", event.partition(), event.memberId(),
                                    event.sequence()).isNull();
                    case REVOKED -> assertThat(historyOwners.remove(event.partition())).as("revoked by its owner")
                            .isEqualTo(event.memberId());
                    case REVOKING -> assertThat(historyOwners.get(event.partition())).isEqualTo(event.memberId());
                }
            }
        }

        private List<AssignmentEvent> historyOf(TopicPartition partition) {
            return group.history(0).stream().filter(event -> event.partition().equals(partition)).toList();
        }

        /** No more churn: the live clients heartbeat until the group is stable and balanced. */
        private void settle() {
            for (int round = 0; round < 20; round++) {
                now += SETTINGS.heartbeatIntervalMs();
                group.expire(now);
                for (SimClient client : new ArrayList<>(clients)) {
                    beat(client, false);
                    check();
                }
            }
            if (clients.isEmpty()) {
                return;
            }
            assertThat(group.state()).as("seed %d settles", seed).isEqualTo(GroupSnapshot.State.STABLE);
            GroupSnapshot snapshot = group.snapshot();
            int total = catalog.partitionCounts().values().stream().mapToInt(Integer::intValue).sum();
            boolean everyTopicSubscribed = snapshot.members().stream().map(m -> m.subscription().topicNames())
                    .flatMap(SortedSet::stream).distinct().count() == catalog.partitionCounts().size();
            if (everyTopicSubscribed) {
                assertThat(snapshot.owners()).hasSize(total);
            }
            for (SimClient client : clients) {
                Member member = snapshot.members().stream().filter(m -> m.memberId().equals(client.memberId)).findFirst().orElseThrow();
                assertThat(client.held).isEqualTo(member.assigned());
            }
        }
    }
}
