package io.strata.kafka.group;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded simulation of classic Java consumers (eager "range" and "cooperative-sticky", dynamic and
 * static) in one group, hosted through the real handlers on a coordinator that keeps the KIP-848
 * contract. Members join, heartbeat, commit, leave, crash and restart in random order. Checked
 * after every step: {@code SingleOwner} — no partition is held by two live clients; the
 * coordinator saw no report of a partition a member was never given; every commit of a stable
 * client succeeds. After the churn, {@code Converges} — with only heartbeats and rejoins, the group
 * reaches a state where every partition is held by exactly one client and nothing changes.
 */
class ClassicMemberSimulationTest {

    private static final String GROUP = "sim-group";
    private static final Map<String, Integer> TOPICS = Map.of("orders", 6, "payments", 3);
    private static final List<String> SUBSCRIPTION = List.of("orders", "payments");

    private enum Phase { JOIN, SYNC, STABLE }

    /** What a Java consumer does with its generation and partitions, reduced to the group protocol. */
    private final class Client {
        final String name;
        final boolean cooperative;
        final String instanceId;
        final short joinVersion;
        String memberId = "";
        int generation = -1;
        Set<TopicPartition> held = new HashSet<>();
        Phase phase = Phase.JOIN;

        Client(String name, boolean cooperative, String instanceId, short joinVersion) {
            this.name = name;
            this.cooperative = cooperative;
            this.instanceId = instanceId;
            this.joinVersion = joinVersion;
        }

        void step() {
            switch (phase) {
                case JOIN -> join();
                case SYNC -> sync();
                case STABLE -> heartbeat();
            }
        }

        private void join() {
            if (!cooperative) {
                held.clear(); // eager: everything is revoked before joining
            }
            Subscription subscription = new Subscription(SUBSCRIPTION, null, new ArrayList<>(held));
            JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
            protocols.add(new JoinGroupRequestProtocol().setName(cooperative ? "cooperative-sticky" : "range")
                    .setMetadata(Utils.toArray(ConsumerProtocol.serializeSubscription(subscription))));
            JoinGroupResponse response = requests.send(new JoinGroupRequest.Builder(new JoinGroupRequestData()
                    .setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
                    .setSessionTimeoutMs(45000).setRebalanceTimeoutMs(300000)
                    .setProtocolType("consumer").setProtocols(protocols)), joinVersion);
            Errors error = response.error();
            if (error == Errors.MEMBER_ID_REQUIRED) {
                memberId = response.data().memberId();
            } else if (error == Errors.UNKNOWN_MEMBER_ID) {
                lose(true);
            } else {
                assertThat(error).as("join of %s", name).isEqualTo(Errors.NONE);
                assertThat(response.isLeader()).isFalse();
                memberId = response.data().memberId();
                generation = response.data().generationId();
                phase = Phase.SYNC;
            }
        }

        private void sync() {
            SyncGroupResponse response = requests.send(new SyncGroupRequest.Builder(new SyncGroupRequestData()
                    .setGroupId(GROUP).setMemberId(memberId).setGenerationId(generation).setGroupInstanceId(instanceId)
                    .setProtocolType("consumer").setProtocolName(cooperative ? "cooperative-sticky" : "range")
                    .setAssignments(List.of())), (short) 5);
            Errors error = response.error();
            if (error != Errors.NONE) {
                onError(error);
                return;
            }
            Set<TopicPartition> assigned = new HashSet<>(ConsumerProtocol.deserializeAssignment(
                    ByteBuffer.wrap(response.data().assignment())).partitions());
            Set<TopicPartition> revoked = new HashSet<>(held);
            revoked.removeAll(assigned);
            held = assigned;
            // A cooperative consumer that had to revoke joins again at once to release them.
            phase = cooperative && !revoked.isEmpty() ? Phase.JOIN : Phase.STABLE;
            if (phase == Phase.JOIN) {
                cooperativeRevocations.incrementAndGet();
            }
        }

        private void heartbeat() {
            HeartbeatResponse response = requests.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()
                    .setGroupId(GROUP).setMemberId(memberId).setGenerationId(generation)
                    .setGroupInstanceId(instanceId)), (short) 4);
            onError(response.data().errorCode() == 0 ? Errors.NONE : Errors.forCode(response.data().errorCode()));
        }

        void commit() {
            if (phase != Phase.STABLE || held.isEmpty()) {
                return;
            }
            Map<String, List<OffsetCommitRequestPartition>> byTopic = new HashMap<>();
            held.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(new OffsetCommitRequestPartition().setPartitionIndex(tp.partition()).setCommittedOffset(commits.incrementAndGet())));
            List<OffsetCommitRequestTopic> topics = new ArrayList<>();
            byTopic.forEach((t, ps) -> topics.add(new OffsetCommitRequestTopic().setName(t).setPartitions(ps)));
            OffsetCommitResponse response = requests.send(OffsetCommitRequest.Builder.forTopicNames(new OffsetCommitRequestData()
                    .setGroupId(GROUP).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                    .setGroupInstanceId(instanceId).setTopics(topics)), (short) 8);
            response.data().topics().forEach(t -> t.partitions().forEach(p ->
                    assertThat(Errors.forCode(p.errorCode())).as("commit of %s", name).isEqualTo(Errors.NONE)));
        }

        private void onError(Errors error) {
            switch (error) {
                case NONE -> { }
                case REBALANCE_IN_PROGRESS -> {
                    rebalances.incrementAndGet();
                    phase = Phase.JOIN;
                }
                case ILLEGAL_GENERATION -> lose(false);
                case UNKNOWN_MEMBER_ID -> lose(true);
                default -> throw new AssertionError(name + " got " + error);
            }
        }

        /** The generation is gone: the partitions are lost (dropped without commit) and the client joins again. */
        private void lose(boolean memberIdToo) {
            held.clear();
            generation = -1;
            if (memberIdToo) {
                memberId = "";
            }
            phase = Phase.JOIN;
        }

        void leave() {
            held.clear();
            if (!memberId.isEmpty()) {
                requests.send(new LeaveGroupRequest.Builder(GROUP, List.of(new MemberIdentity().setMemberId(memberId)
                        .setGroupInstanceId(instanceId))), (short) 5);
            }
        }
    }

    private FakeGroupCoordinator coordinator;
    private GroupRequests requests;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger rebalances = new AtomicInteger();
    private final AtomicInteger cooperativeRevocations = new AtomicInteger();

    @Test
    void classicMembersNeverShareAPartitionAndConverge() {
        long seeds = Long.getLong("strata.simulation.seeds", 60);
        for (long seed = 1; seed <= seeds; seed++) {
            try {
                run(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // The schedules did exercise what the invariant is about.
        assertThat(rebalances.get()).as("heartbeats answered REBALANCE_IN_PROGRESS").isPositive();
        assertThat(cooperativeRevocations.get()).as("cooperative revocations followed by a rejoin").isPositive();
    }

    private void run(long seed) {
        Random random = new Random(seed);
        coordinator = new FakeGroupCoordinator(TOPICS);
        AtomicInteger ids = new AtomicInteger();
        ClassicMemberBridge bridge = new ClassicMemberBridge(coordinator, () -> 0L,
                () -> "uuid-" + ids.incrementAndGet(), ClassicMemberBridge.Limits.DEFAULT);
        requests = new GroupRequests(GroupApis.handlers(coordinator, new FakeControlPlane("localhost:9092", TOPICS), bridge));
        List<Client> clients = new ArrayList<>();
        Map<String, Integer> pendingExpiry = new HashMap<>();
        int names = 0;
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(100);
            if (action < 8 && clients.size() < 6) {
                clients.add(newClient(random, "c" + names++));
            } else if (action < 11 && clients.size() > 1) {
                Client leaving = clients.remove(random.nextInt(clients.size()));
                leaving.leave();
                if (leaving.instanceId != null) {
                    pendingExpiry.put(leaving.memberId, step + 20); // a departed static member's session ends later
                }
            } else if (action < 13 && clients.size() > 1) {
                Client crashed = clients.remove(random.nextInt(clients.size()));
                pendingExpiry.put(crashed.memberId, step + 10 + random.nextInt(30));
            } else if (action < 15) {
                restartStatic(clients, random, pendingExpiry, step);
            } else if (!clients.isEmpty()) {
                Client client = clients.get(random.nextInt(clients.size()));
                if (random.nextInt(10) == 0) {
                    client.commit();
                } else {
                    client.step();
                }
            }
            final int now = step;
            pendingExpiry.entrySet().removeIf(e -> {
                if (e.getValue() <= now) {
                    coordinator.expire(GROUP, e.getKey());
                    return true;
                }
                return false;
            });
            checkSingleOwner(clients);
        }
        pendingExpiry.keySet().forEach(id -> coordinator.expire(GROUP, id));
        converge(clients);
    }

    private Client newClient(Random random, String name) {
        boolean cooperative = random.nextBoolean();
        String instanceId = random.nextInt(4) == 0 ? "instance-" + name : null;
        // Static membership needs JoinGroup v5+; a dynamic member may also come in at v3 (no MEMBER_ID_REQUIRED).
        short version = new short[]{9, 9, 9, 5, instanceId == null ? 3 : (short) 5}[random.nextInt(5)];
        return new Client(name, cooperative, instanceId, version);
    }

    /** A static member's process restarts: the old one is gone without leaving, a new one joins under its instance id. */
    private void restartStatic(List<Client> clients, Random random, Map<String, Integer> pendingExpiry, int step) {
        List<Client> statics = clients.stream().filter(c -> c.instanceId != null).toList();
        if (statics.isEmpty()) {
            return;
        }
        Client old = statics.get(random.nextInt(statics.size()));
        clients.remove(old);
        // Its session ends later unless the new process has replaced it by then.
        pendingExpiry.put(old.memberId, step + 10 + random.nextInt(30));
        clients.add(new Client(old.name + "'", old.cooperative, old.instanceId, old.joinVersion));
    }

    private void checkSingleOwner(List<Client> clients) {
        Map<TopicPartition, String> holders = new HashMap<>();
        for (Client client : clients) {
            for (TopicPartition tp : client.held) {
                String before = holders.put(tp, client.name);
                assertThat(before).as("%s held by %s and %s", tp, before, client.name).isNull();
            }
        }
        assertThat(coordinator.violations()).isEmpty();
    }

    private void converge(List<Client> clients) {
        Set<TopicPartition> all = new TreeSet<>(PartitionSets.ORDER);
        TOPICS.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                all.add(new TopicPartition(t, p));
            }
        });
        int quietRounds = 0;
        for (int round = 0; round < 200 && quietRounds < 3; round++) {
            int before = coordinator.heartbeats();
            Map<String, Set<TopicPartition>> heldBefore = snapshot(clients);
            List<Phase> phasesBefore = clients.stream().map(c -> c.phase).toList();
            for (Client client : clients) {
                client.step();
                checkSingleOwner(clients);
            }
            boolean quiet = heldBefore.equals(snapshot(clients)) && phasesBefore.equals(clients.stream().map(c -> c.phase).toList())
                    && clients.stream().allMatch(c -> c.phase == Phase.STABLE) && coordinator.heartbeats() > before;
            quietRounds = quiet ? quietRounds + 1 : 0;
        }
        assertThat(quietRounds).as("the group settles").isEqualTo(3);
        Set<TopicPartition> held = new TreeSet<>(PartitionSets.ORDER);
        clients.forEach(c -> held.addAll(c.held));
        assertThat(held).as("every partition is owned once the group settles; clients %s; coordinator %s",
                        describe(clients), coordinator.describe(GROUP)).isEqualTo(clients.isEmpty() ? Set.of() : all);
        assertThat(coordinator.stable(coordinator.group(GROUP))).isTrue();
    }

    private static String describe(List<Client> clients) {
        StringBuilder text = new StringBuilder();
        clients.forEach(c -> text.append('\n').append(c.name).append(' ').append(c.memberId).append(" gen ").append(c.generation)
                .append(c.cooperative ? " cooperative " : " eager ").append(c.instanceId).append(' ').append(c.phase).append(' ').append(c.held));
        return text.toString();
    }

    private static Map<String, Set<TopicPartition>> snapshot(List<Client> clients) {
        Map<String, Set<TopicPartition>> held = new HashMap<>();
        clients.forEach(c -> held.put(c.name, Set.copyOf(c.held)));
        return held;
    }
}
