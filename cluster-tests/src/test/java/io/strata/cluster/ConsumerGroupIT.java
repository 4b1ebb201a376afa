package io.strata.cluster;

import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.client.admin.Admin;
import io.strata.cluster.GroupMember.Processed;
import io.strata.cluster.GroupMemberProcess.CommitMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Consumer groups with every piece a real process (PostgreSQL, metadata service, three partition
 * nodes, group coordinator, gateway) and every member a JVM of its own ({@link GroupMemberProcess}),
 * because the faults that matter are a member's death and the coordinator's restart:
 * <ul>
 *   <li>members share a topic evenly, and a join, a clean leave or a SIGKILL moves only the
 *       partitions that must move, never giving one partition to two members (the coordinator's
 *       whole {@code AssignmentHistory} is replayed); the time each rebalance takes is printed;</li>
 *   <li>records are delivered at least once: what a killed member processed without committing is
 *       delivered again, while a clean hand-over delivers nothing committed again;</li>
 *   <li>committed offsets survive a coordinator restart, and commits carrying a stale member epoch
 *       or a removed member's id are refused.</li>
 * </ul>
 * One cluster for the class, with a 6 s session timeout and 1 s heartbeats so that a killed member
 * is noticed quickly; each test has its own topic and group. The members' output and records files
 * stay in {@code target/consumer-group-it/<test>-<ms>/} for a post-mortem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerGroupIT {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration REBALANCE_BOUND = Duration.ofSeconds(90);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;
    private GroupProbe probe;
    private GroupMembers members;

    @BeforeAll
    void startCluster(@TempDir Path dataDir) throws IOException {
        cluster = new TestCluster(dataDir)
                .withProperty("group-coordinator", "strata.coordinator.session-timeout", SESSION_TIMEOUT.toSeconds() + "s")
                .withProperty("group-coordinator", "strata.coordinator.heartbeat-interval", "1s")
                .startCore().start("group-coordinator").start("gateway");
        bootstrap = "127.0.0.1:" + cluster.port("gateway");
        admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        probe = new GroupProbe(cluster.channel("gateway"));
    }

    @BeforeEach
    void startMembers(TestInfo test) throws IOException {
        // Under target/, not the cluster's temporary directory: a failed test's member files stay for the post-mortem.
        members = new GroupMembers(Path.of("target", "consumer-group-it",
                test.getTestMethod().orElseThrow().getName() + "-" + System.currentTimeMillis()), bootstrap);
    }

    @AfterEach
    void stopMembers() {
        if (members != null) {
            members.close();
        }
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * What one rebalance did: how many partitions were revoked, how long it took until the last
     * hand-over, and how much of that went from the first revocation to the last hand-over.
     */
    private record Rebalance(int revoked, long millis, long handOverMillis) {

        /** The rebalance between two history positions, timed from {@code startedAtMs} to its last assignment. */
        static Rebalance between(AssignmentReplay history, long before, long until, long startedAtMs) {
            long lastAssignedMs = history.lastAssignedMs(before, until);
            return new Rebalance(history.revoked(before, until).size(), lastAssignedMs - startedAtMs,
                    lastAssignedMs - history.firstRevocationMs(before, until));
        }
    }

    @Test
    void membersShareTwelvePartitionsAndRebalanceIncrementally() throws IOException {
        String group = "g-twelve";
        String topic = "twelve";
        admin.createTopic(topic, 12, 3, Map.of());
        List<GroupMember> first = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            first.add(members.start(group, topic, name, CommitMode.NEVER));
        }
        List<GroupMember> joiners = new ArrayList<>();
        for (String name : List.of("d", "e1", "e2", "e3", "e4")) {
            joiners.add(members.launch(group, topic, name, CommitMode.NEVER));
        }
        awaitBalanced(group, 3, 4);

        List<Rebalance> joins = new ArrayList<>();
        joins.add(join(group, joiners.get(0)));
        Rebalance kill = kill(group, first.get(1));
        List<Rebalance> leaves = new ArrayList<>();
        for (GroupMember joining : joiners.subList(1, joiners.size())) {
            joins.add(join(group, joining));
            leaves.add(leave(group, joining));
        }

        assertThat(joins).as("each join (3 members → 4) moves exactly the 3 partitions the newcomer gets")
                .allSatisfy(join -> assertThat(join.revoked()).isEqualTo(3));
        assertThat(kill.revoked()).as("the killed member's 3 partitions, and no other").isEqualTo(3);
        assertThat(leaves).allSatisfy(leave -> assertThat(leave.revoked()).isEqualTo(3));
        AssignmentReplay whole = probe.history(group);
        System.out.printf("consumer-group figures: joins 3 → 4 members, subscribe → last hand-over: %s; clean leaves "
                        + "4 → 3, close → last hand-over: %s; SIGKILL → last hand-over: %s (session timeout %d s); revoked "
                        + "per join %s, per leave %s, at the kill %d; %d assignment events replayed%n",
                summary(joins), summary(leaves), summary(List.of(kill)), SESSION_TIMEOUT.toSeconds(),
                joins.stream().map(Rebalance::revoked).toList(), leaves.stream().map(Rebalance::revoked).toList(),
                kill.revoked(), whole.lastSequence());
    }

    /**
     * Lets a started member of a 3 × 4 group join, waits until the group is 4 × 3, then checks from
     * the history that exactly the newcomer's partitions moved and no other partition was revoked,
     * even for a moment. Measured: from its subscribe() to the coordinator handing it its last
     * partition (its JVM was already up).
     */
    private Rebalance join(String group, GroupMember joining) {
        await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).until(joining::isReady);
        long before = probe.history(group).lastSequence();
        Set<String> membersBefore = Set.copyOf(probe.assignments(group).keySet());
        joining.subscribe();
        awaitBalanced(group, 4, 3);
        AssignmentReplay history = probe.history(group);
        long until = history.lastSequence();
        Map<String, Set<Integer>> assignments = probe.assignments(group);
        Set<String> newcomers = new HashSet<>(assignments.keySet());
        newcomers.removeAll(membersBefore);
        assertThat(newcomers).as("one member joined").hasSize(1);
        Set<Integer> taken = assignments.get(newcomers.iterator().next());
        assertThat(history.moved(before, until)).as("the partitions that moved when %s joined", joining.name()).isEqualTo(taken);
        assertThat(history.touchedByRevocation(before, until)).as("partitions revoked when %s joined (only those that moved)",
                joining.name()).isEqualTo(taken);
        return Rebalance.between(history, before, until, joining.subscribedAtMs());
    }

    /** SIGKILLs a member of a 4 × 3 group; after the session timeout its partitions, and only they, go to the others. */
    private Rebalance kill(String group, GroupMember victim) {
        String victimId = memberIdOf(group, victim);
        Set<Integer> owned = probe.assignments(group).get(victimId);
        long before = probe.history(group).lastSequence();
        long killedAtMs = System.currentTimeMillis();
        victim.kill();
        awaitBalanced(group, 3, 4);
        AssignmentReplay history = probe.history(group);
        long until = history.lastSequence();
        assertThat(history.revoked(before, until)).as("what the kill revoked").allSatisfy(event -> {
            assertThat(event.getMemberId()).isEqualTo(victimId);
            assertThat(event.getReason()).isEqualTo("session-timeout");
        });
        assertThat(history.touchedByRevocation(before, until)).as("partitions revoked after the kill").isEqualTo(owned);
        assertThat(history.moved(before, until)).isEqualTo(owned);
        return Rebalance.between(history, before, until, killedAtMs);
    }

    /** Closes a member of a 4 × 3 group cleanly; its partitions, and only they, go to the others at once. */
    private Rebalance leave(String group, GroupMember leaving) {
        String leavingId = memberIdOf(group, leaving);
        Set<Integer> owned = probe.assignments(group).get(leavingId);
        long before = probe.history(group).lastSequence();
        long closedAtMs = System.currentTimeMillis();
        leaving.close();
        awaitBalanced(group, 3, 4);
        AssignmentReplay history = probe.history(group);
        long until = history.lastSequence();
        assertThat(history.revoked(before, until)).allSatisfy(event -> assertThat(event.getReason()).isEqualTo("left"));
        assertThat(history.touchedByRevocation(before, until)).as("partitions revoked when %s left", leaving.name()).isEqualTo(owned);
        return Rebalance.between(history, before, until, closedAtMs);
    }

    /** The coordinator's id of a member process: the member whose assignment is what the process says it owns. */
    private String memberIdOf(String group, GroupMember member) {
        return await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).ignoreExceptions()
                .until(() -> probe.memberOwning(group, member.assignment()), id -> id != null);
    }

    private void awaitBalanced(String group, int memberCount, int each) {
        await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL)
                .alias(group + " balanced as " + memberCount + " × " + each)
                .until(() -> probe.isBalanced(group, memberCount, each));
    }

    /** "p50 … ms, worst … ms, each [...] (first revocation → last hand-over [...])". */
    private static String summary(List<Rebalance> rebalances) {
        List<Long> sorted = rebalances.stream().map(Rebalance::millis).sorted().toList();
        return "p50 " + sorted.get((sorted.size() - 1) / 2) + " ms, worst " + sorted.get(sorted.size() - 1) + " ms, each "
                + rebalances.stream().map(Rebalance::millis).toList() + " (first revocation → last hand-over "
                + rebalances.stream().map(Rebalance::handOverMillis).toList() + ")";
    }

    @Test
    void atLeastOnceAcrossAKilledMember() throws Exception {
        String group = "g-alo";
        String topic = "alo";
        admin.createTopic(topic, 4, 3, Map.of());
        List<Processed> produced;
        Map<Integer, Long> committedByKeeper;
        GroupMember keeper;
        GroupMember forgetful;
        GroupMember successor;
        try (SteadyProducer producer = new SteadyProducer(bootstrap, topic, 4)) {
            keeper = members.start(group, topic, "keeper", CommitMode.AFTER_EACH_POLL);
            forgetful = members.start(group, topic, "forgetful", CommitMode.NEVER);
            successor = members.launch(group, topic, "successor", CommitMode.AFTER_EACH_POLL);
            awaitBalanced(group, 2, 2);
            await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).until(() -> forgetful.processed().size() >= 100);

            forgetful.kill();
            List<Processed> uncommitted = forgetful.processed();
            await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).untilAsserted(() ->
                    assertThat(keeper.processed()).as("what the killed member processed and never committed is delivered again")
                            .containsAll(uncommitted));
            System.out.printf("consumer-group figures: %d records processed by the SIGKILLed member without a commit, all "
                    + "delivered again to the member that took its partitions%n", uncommitted.size());

            successor.subscribe();
            awaitBalanced(group, 2, 2);
            await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).until(() -> successor.processed().size() >= 20);
            keeper.close();
            committedByKeeper = keeper.committed();
            await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).until(() ->
                    readsPast(successor, keeper.committed()) && successor.assignment().size() == 4);
            produced = producer.acknowledged();
        }
        await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).untilAsserted(() ->
                assertThat(union(keeper, forgetful, successor)).as("every acknowledged record was processed (at least once)")
                        .containsAll(produced));
        assertNothingCommittedAgain(keeper, successor, committedByKeeper);
    }

    /** True when {@code member} has processed, on every partition, a record at or past the offset committed there. */
    private static boolean readsPast(GroupMember member, Map<Integer, Long> committed) {
        Map<Integer, Long> highest = new TreeMap<>();
        member.processed().forEach(r -> highest.merge(r.partition(), r.offset(), Math::max));
        return committed.entrySet().stream().allMatch(c -> highest.getOrDefault(c.getKey(), -1L) >= c.getValue());
    }

    private static Set<Processed> union(GroupMember... members) {
        Set<Processed> all = new HashSet<>();
        for (GroupMember member : members) {
            all.addAll(member.processed());
        }
        return all;
    }

    /**
     * After clean hand-overs from {@code before} to {@code after} (revocations after a commit, then
     * a close after a commit), {@code after} reads each partition from where {@code before}
     * committed it: no committed record again. No record at all is read twice, unless a commit of
     * {@code before} was refused (then the records after its last accepted commit may be).
     */
    private static void assertNothingCommittedAgain(GroupMember before, GroupMember after, Map<Integer, Long> committed) {
        Map<Integer, Long> firstRead = new TreeMap<>();
        after.processed().forEach(r -> firstRead.merge(r.partition(), r.offset(), Math::min));
        assertThat(firstRead.keySet()).as("partitions the successor read").isEqualTo(committed.keySet());
        committed.forEach((partition, offset) -> assertThat(firstRead.get(partition))
                .as("first offset read on partition %d after the clean hand-over (%s committed %d)", partition, before.name(), offset)
                .isGreaterThanOrEqualTo(offset));
        Set<String> readByBoth = before.processed().stream().map(r -> r.partition() + "@" + r.offset()).collect(Collectors.toSet());
        readByBoth.retainAll(after.processed().stream().map(r -> r.partition() + "@" + r.offset()).collect(Collectors.toSet()));
        System.out.printf("consumer-group figures: clean hand-overs: %d records delivered twice %s (first offsets read %s, committed %s)%n",
                readByBoth.size(), new TreeSet<>(readByBoth), firstRead, new TreeMap<>(committed));
        if (!before.printed("commit failed")) {
            assertThat(readByBoth).as("records delivered both before and after a clean hand-over").isEmpty();
        }
    }

    @Test
    void commitsSurviveACoordinatorRestartAndStaleEpochsAreFenced() throws IOException {
        String group = "g-fenced";
        String topic = "fenced";
        admin.createTopic(topic, 2, 3, Map.of());
        GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator =
                GroupCoordinatorServiceGrpc.newBlockingStub(cluster.channel("gateway"));
        HandDrivenMember first = new HandDrivenMember(coordinator, group, topic);
        await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).until(() -> first.heartbeat().size() == 2);
        first.heartbeat();
        int staleEpoch = first.epoch();
        first.commit(staleEpoch, Map.of(0, 42L, 1, 7L));

        HandDrivenMember second = new HandDrivenMember(coordinator, group, topic);
        second.heartbeat();
        await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).until(() -> first.heartbeat().size() == 1);
        assertThat(first.epoch()).as("the member's epoch after the rebalance").isGreaterThan(staleEpoch);
        int kept = first.assignment().iterator().next();
        int given = 1 - kept;
        first.heartbeat(); // owning only what it kept: the partition it gave up is released
        assertThat(errorOf(() -> first.commit(staleEpoch, Map.of(given, 99L))))
                .as("a commit at the member's old epoch of the partition it gave up").isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
        // At its previous epoch a member may still commit what it owns: a commit sent just before
        // the heartbeat that moved its epoch (Kafka's KIP-1251).
        first.commit(staleEpoch, Map.of(kept, 40L + kept));
        first.commit(first.epoch(), Map.of(kept, 43L));
        int secondEpoch = second.epoch();
        second.leave();
        assertThat(errorOf(() -> second.commit(secondEpoch, Map.of(1, 5L)))).as("a commit of a member that left")
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        Map<Integer, Long> expected = Map.of(kept, 43L, given, given == 0 ? 42L : 7L);
        assertThat(committed(coordinator, group)).isEqualTo(expected);

        cluster.process("group-coordinator").kill();
        cluster.restart("group-coordinator");
        Map<Integer, Long> afterRestart = await().atMost(REBALANCE_BOUND).pollInterval(POLL_INTERVAL).ignoreExceptions()
                .until(() -> committed(coordinator, group), offsets -> offsets != null);
        assertThat(afterRestart).as("committed offsets after a SIGKILL and restart of the coordinator")
                .isEqualTo(expected);
        assertThat(errorOf(() -> first.commit(first.epoch(), Map.of(0, 44L))))
                .as("a commit of a member the restarted coordinator does not know (membership lives in memory)")
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    private static Map<Integer, Long> committed(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator,
                                                String group) {
        Map<Integer, Long> offsets = new TreeMap<>();
        coordinator.withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
                .fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build())
                .getOffsetsList().forEach(o -> offsets.put(o.getPartition(), o.getOffset()));
        return offsets;
    }

    private static ErrorCode errorOf(Runnable call) {
        Throwable failure = catchThrowable(call::run);
        assertThat(failure).as("the call was refused").isNotNull();
        return GrpcErrors.asStrataException(failure).code();
    }
}
