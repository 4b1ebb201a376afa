package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.group.AssignmentEvent.Reason;
import io.strata.coordinator.group.AssignmentEvent.Type;
import io.strata.coordinator.group.Groups.Client;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static io.strata.coordinator.group.Groups.all;
import static io.strata.coordinator.group.Groups.beat;
import static io.strata.coordinator.group.Groups.catalog;
import static io.strata.coordinator.group.Groups.join;
import static io.strata.coordinator.group.Groups.settle;
import static io.strata.coordinator.group.Groups.tp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GroupStateTest {

    private static final TopicCatalog TWELVE = catalog(1, "orders", 12);

    private static ErrorCode refusal(Runnable call) {
        StrataException failure = catchThrowableOfType(StrataException.class, call::run);
        assertThat(failure).as("expected a refusal").isNotNull();
        return failure.code();
    }

    private static List<Client> threeStableMembers(GroupState group) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(new Client(group.heartbeat(join("orders"), TWELVE, 0)));
        }
        settle(group, TWELVE, 0, clients, 10);
        return clients;
    }

    private static long lastSequence(GroupState group) {
        List<AssignmentEvent> events = group.history(0);
        return events.isEmpty() ? 0 : events.get(events.size() - 1).sequence();
    }

    private static Set<TopicPartition> revokedOrRevoking(GroupState group, long afterSequence) {
        Set<TopicPartition> touched = new TreeSet<>();
        group.history(afterSequence).stream().filter(event -> event.type() != Type.ASSIGNED)
                .forEach(event -> touched.add(event.partition()));
        return touched;
    }

    @Test
    void threeMembersOfATwelvePartitionTopicOwnFourEach() {
        GroupState group = Groups.group("g");
        List<Client> clients = threeStableMembers(group);
        assertThat(clients).allSatisfy(client -> assertThat(client.owned).hasSize(4));
        SortedSet<TopicPartition> union = new TreeSet<>();
        clients.forEach(client -> union.addAll(client.owned));
        assertThat(union).isEqualTo(all("orders", 12));
    }

    @Test
    void aFourthMemberGetsThreeAndPartitionsThatDidNotMoveAreNeverRevoked() {
        GroupState group = Groups.group("g");
        List<Client> clients = threeStableMembers(group);
        List<SortedSet<TopicPartition>> before = clients.stream().map(client -> (SortedSet<TopicPartition>) new TreeSet<>(client.owned)).toList();
        long mark = lastSequence(group);

        Client fourth = new Client(group.heartbeat(join("orders"), TWELVE, 10));
        assertThat(fourth.owned).as("nothing is free yet: every partition is still owned").isEmpty();
        clients.add(fourth);
        settle(group, TWELVE, 10, clients, 10);

        assertThat(clients).allSatisfy(client -> assertThat(client.owned).hasSize(3));
        Set<TopicPartition> moved = new TreeSet<>(fourth.owned);
        assertThat(revokedOrRevoking(group, mark)).isEqualTo(moved);
        for (int i = 0; i < 3; i++) {
            SortedSet<TopicPartition> kept = new TreeSet<>(before.get(i));
            kept.removeAll(moved);
            assertThat(clients.get(i).owned).isEqualTo(kept);
            assertThat(before.get(i)).as("each of the three gives exactly one").hasSize(kept.size() + 1);
        }
    }

    @Test
    void aPartitionGoesToItsNewOwnerOnlyAfterTheOldOwnerReleasedIt() {
        GroupState group = Groups.group("g");
        TopicCatalog two = catalog(1, "t", 2);
        Client first = new Client(group.heartbeat(join("t"), two, 0));
        assertThat(first.owned).isEqualTo(all("t", 2));

        Client second = new Client(group.heartbeat(join("t"), two, 1));
        assertThat(second.owned).isEmpty();
        HeartbeatResult told = group.heartbeat(beat(first.memberId, first.epoch, first.owned), two, 2);
        assertThat(told.assignment()).hasSize(1);
        assertThat(told.memberEpoch()).as("the epoch moves with the revocation").isGreaterThan(first.epoch);
        TopicPartition revoked = first.owned.stream().filter(p -> !told.assignment().contains(p)).findFirst().orElseThrow();

        // The old owner has not acknowledged yet (still lists it as owned): the new one waits.
        second.beat(group, two, 3);
        assertThat(second.owned).isEmpty();
        group.heartbeat(beat(first.memberId, told.memberEpoch(), first.owned), two, 4);
        second.beat(group, two, 5);
        assertThat(second.owned).isEmpty();

        // Acknowledged: the next heartbeat of the new owner gets it.
        group.heartbeat(beat(first.memberId, told.memberEpoch(), told.assignment()), two, 6);
        second.beat(group, two, 7);
        assertThat(second.owned).containsExactly(revoked);
        assertThat(group.snapshot().owners()).containsEntry(revoked, second.memberId);
    }

    @Test
    void aMemberIsAskedBackSoonWhileItsAssignmentIsNotItsTargetAndAtTheHeartbeatIntervalOnceSettled() {
        GroupState group = Groups.group("g");
        TopicCatalog two = catalog(1, "t", 2);
        HeartbeatResult alone = group.heartbeat(join("t"), two, 0);
        assertThat(alone.heartbeatIntervalMs()).as("alone, it holds its whole target").isEqualTo(3_000);
        Client first = new Client(alone);

        HeartbeatResult joined = group.heartbeat(join("t"), two, 1);
        assertThat(joined.assignment()).isEmpty();
        assertThat(joined.heartbeatIntervalMs()).as("waiting for a partition the first still holds").isEqualTo(250);
        Client second = new Client(joined);

        HeartbeatResult told = group.heartbeat(beat(first.memberId, first.epoch, first.owned), two, 2);
        assertThat(told.assignment()).hasSize(1);
        assertThat(told.heartbeatIntervalMs()).as("one partition to give up").isEqualTo(250);
        assertThat(second.beat(group, two, 3).heartbeatIntervalMs()).as("still waiting").isEqualTo(250);

        HeartbeatResult released = group.heartbeat(beat(first.memberId, told.memberEpoch(), told.assignment()), two, 4);
        assertThat(released.heartbeatIntervalMs()).as("gave it up: settled").isEqualTo(3_000);
        HeartbeatResult received = second.beat(group, two, 5);
        assertThat(received.assignment()).hasSize(1);
        assertThat(received.heartbeatIntervalMs()).as("received it: settled").isEqualTo(3_000);
        assertThat(group.state()).isEqualTo(GroupSnapshot.State.STABLE);
    }

    @Test
    void aMemberWhoseTargetKeepsAllItHoldsIsNeverAskedToRevoke() {
        GroupState group = Groups.group("g");
        TopicCatalog topics = catalog(1, "t1", 4, "t2", 4);
        Client onT1 = new Client(group.heartbeat(join("t1"), topics, 0));
        Client onT2 = new Client(group.heartbeat(join("t2"), topics, 0));
        settle(group, topics, 0, List.of(onT1, onT2), 5);
        long mark = group.history(0).size();

        Client second = new Client(group.heartbeat(join("t2"), topics, 1));
        settle(group, topics, 1, List.of(onT1, onT2, second), 10);

        assertThat(onT1.owned).isEqualTo(all("t1", 4));
        assertThat(group.history(mark)).noneMatch(event -> event.memberId().equals(onT1.memberId));
        assertThat(onT2.owned).hasSize(2);
        assertThat(second.owned).hasSize(2);
    }

    @Test
    void aMemberWithoutHeartbeatsIsRemovedAfterTheSessionTimeoutAndItsPartitionsMove() {
        GroupState group = Groups.group("g");
        List<Client> clients = threeStableMembers(group);
        Client dead = clients.remove(2);
        long session = Groups.SETTINGS.sessionTimeoutMs();
        long mark = lastSequence(group);

        assertThat(group.expire(session - 1)).isEmpty();
        clients.forEach(client -> client.beat(group, TWELVE, session - 1));
        assertThat(group.expire(session)).containsExactly(dead.memberId);
        assertThat(group.history(mark)).filteredOn(event -> event.type() == Type.REVOKED)
                .allSatisfy(event -> {
                    assertThat(event.memberId()).isEqualTo(dead.memberId);
                    assertThat(event.reason()).isEqualTo(Reason.SESSION_TIMEOUT);
                }).hasSize(4);

        settle(group, TWELVE, session, clients, 5);
        assertThat(clients).allSatisfy(client -> assertThat(client.owned).hasSize(6));
        assertThat(refusal(() -> dead.beat(group, TWELVE, session + 1))).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatNeverReleasesIsRemovedAfterItsRebalanceTimeout() {
        GroupState group = Groups.group("g");
        TopicCatalog two = catalog(1, "t", 2);
        Client stubborn = new Client(group.heartbeat(join("t"), two, 0));
        Client other = new Client(group.heartbeat(join("t"), two, 0));
        HeartbeatResult told = group.heartbeat(beat(stubborn.memberId, stubborn.epoch, stubborn.owned), two, 0);
        assertThat(told.assignment()).hasSize(1);

        long deadline = Groups.SETTINGS.defaultRebalanceTimeoutMs();
        group.heartbeat(beat(stubborn.memberId, told.memberEpoch(), stubborn.owned), two, deadline - 1); // keeps both
        other.beat(group, two, deadline - 1);
        assertThat(group.expire(deadline - 1)).isEmpty();
        assertThat(group.expire(deadline)).containsExactly(stubborn.memberId);
        other.beat(group, two, deadline);
        assertThat(other.owned).isEqualTo(all("t", 2));
    }

    @Test
    void leavingReleasesEverythingAtOnce() {
        GroupState group = Groups.group("g");
        List<Client> clients = threeStableMembers(group);
        Client leaving = clients.remove(0);
        long mark = lastSequence(group);
        HeartbeatResult left = group.heartbeat(beat(leaving.memberId, MemberHeartbeat.LEAVE_EPOCH, Set.of()), TWELVE, 5);
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(left.assignment()).isEmpty();
        settle(group, TWELVE, 5, clients, 5);
        assertThat(clients).allSatisfy(client -> assertThat(client.owned).hasSize(6));
        assertThat(group.history(mark)).filteredOn(event -> event.type() == Type.REVOKED && event.reason() != Reason.ACKNOWLEDGED)
                .hasSize(4).allMatch(event -> event.reason() == Reason.LEFT && event.memberId().equals(leaving.memberId));
    }

    @Test
    void staleEpochsAndUnknownMembersAreRefused() {
        GroupState group = Groups.group("g");
        List<Client> clients = threeStableMembers(group);
        Client client = clients.get(0);
        assertThat(refusal(() -> group.heartbeat(beat(client.memberId, client.epoch + 1, client.owned), TWELVE, 1)))
                .isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
        assertThat(refusal(() -> group.heartbeat(beat("nobody", 3, Set.of()), TWELVE, 1)))
                .isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(refusal(() -> group.heartbeat(beat(client.memberId, -3, Set.of()), TWELVE, 1)))
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(refusal(() -> group.heartbeat(new MemberHeartbeat("", 0, Optional.empty(), 0, Optional.empty(),
                new TreeSet<>()), TWELVE, 1))).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void aRetryWithThePreviousEpochAfterALostAnswerIsAccepted() {
        GroupState group = Groups.group("g");
        TopicCatalog two = catalog(1, "t", 2);
        Client first = new Client(group.heartbeat(join("t"), two, 0));
        group.heartbeat(join("t"), two, 0);
        int oldEpoch = first.epoch;
        HeartbeatResult lost = group.heartbeat(beat(first.memberId, oldEpoch, first.owned), two, 1);
        assertThat(lost.memberEpoch()).isGreaterThan(oldEpoch);

        HeartbeatResult again = group.heartbeat(beat(first.memberId, oldEpoch, first.owned), two, 2);
        assertThat(again.memberEpoch()).isEqualTo(lost.memberEpoch());
        assertThat(again.assignment()).isEqualTo(lost.assignment());
        // The previous epoch with a partition it never had is a zombie's.
        assertThat(refusal(() -> group.heartbeat(beat(first.memberId, oldEpoch, Set.of(tp("t", 0), tp("t", 1), tp("x", 0))),
                two, 3))).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
    }

    @Test
    void commitsAreFencedByMemberAndEpoch() {
        GroupState group = Groups.group("g");
        group.checkCommit("", -1, List.of()); // an empty group takes admin commits
        List<Client> clients = threeStableMembers(group);
        Client client = clients.get(0);
        group.checkCommit(client.memberId, client.epoch, client.owned);
        assertThat(refusal(() -> group.checkCommit(client.memberId, client.epoch - 1, client.owned))).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
        assertThat(refusal(() -> group.checkCommit("zombie", client.epoch, client.owned))).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(refusal(() -> group.checkCommit("", -1, List.of()))).isEqualTo(ErrorCode.GROUP_NOT_EMPTY);

        group.expire(Groups.SETTINGS.sessionTimeoutMs());
        assertThat(refusal(() -> group.checkCommit(client.memberId, client.epoch, client.owned))).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        group.checkCommit("", -1, List.of());
    }

    @Test
    void aCommitSentBeforeAnEpochBumpIsAcceptedForWhatTheMemberStillOwnsAndNothingElse() {
        GroupState group = Groups.group("g");
        TopicCatalog two = catalog(1, "t", 2);
        Client first = new Client(group.heartbeat(join("t"), two, 0));
        int before = first.epoch;
        SortedSet<TopicPartition> ownedBefore = new TreeSet<>(first.owned);
        Client second = new Client(group.heartbeat(join("t"), two, 1));

        // The first member's heartbeat moves its epoch (one partition to give up) while its commit,
        // sent with the older epoch, is still on its way.
        HeartbeatResult told = group.heartbeat(beat(first.memberId, first.epoch, first.owned), two, 2);
        assertThat(told.memberEpoch()).isGreaterThan(before);
        group.checkCommit(first.memberId, before, ownedBefore);
        group.checkCommit(first.memberId, told.memberEpoch(), ownedBefore);

        // Once the partition is released (and so may be the second member's), the old epoch may
        // commit only what the first member still owns.
        group.heartbeat(beat(first.memberId, told.memberEpoch(), told.assignment()), two, 3);
        second.beat(group, two, 4);
        TopicPartition released = ownedBefore.stream().filter(p -> !told.assignment().contains(p)).findFirst().orElseThrow();
        assertThat(second.owned).containsExactly(released);
        group.checkCommit(first.memberId, before, told.assignment());
        assertThat(refusal(() -> group.checkCommit(first.memberId, before, ownedBefore))).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
        assertThat(refusal(() -> group.checkCommit(first.memberId, before - 1, told.assignment())))
                .as("two epochs back").isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);
    }

    @Test
    void aStaticMemberThatLeavesTemporarilyKeepsItsPartitionsForItsNextInstance() {
        GroupState group = Groups.group("g");
        TopicCatalog four = catalog(1, "t", 4);
        Client stat = new Client(group.heartbeat(Groups.joinStatic("host-1", "t"), four, 0));
        Client other = new Client(group.heartbeat(join("t"), four, 0));
        settle(group, four, 0, List.of(stat, other), 5);
        SortedSet<TopicPartition> reserved = new TreeSet<>(stat.owned);

        HeartbeatResult left = group.heartbeat(beat(stat.memberId, MemberHeartbeat.STATIC_LEAVE_EPOCH, Set.of()), four, 10);
        assertThat(left.memberEpoch()).isEqualTo(-2);
        other.beat(group, four, 11);
        assertThat(other.owned).hasSize(2);
        assertThat(refusal(() -> group.checkCommit(stat.memberId, stat.epoch, stat.owned))).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH);

        Client back = new Client(group.heartbeat(Groups.joinStatic("host-1", "t"), four, 20));
        assertThat(back.memberId).isNotEqualTo(stat.memberId);
        assertThat(back.owned).isEqualTo(reserved);
        assertThat(refusal(() -> stat.beat(group, four, 21))).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aDepartedStaticMembersPartitionsMoveOnWhenItsSessionEnds() {
        GroupState group = Groups.group("g");
        TopicCatalog four = catalog(1, "t", 4);
        Client stat = new Client(group.heartbeat(Groups.joinStatic("host-1", "t"), four, 0));
        Client other = new Client(group.heartbeat(join("t"), four, 0));
        settle(group, four, 0, List.of(stat, other), 5);
        group.heartbeat(beat(stat.memberId, MemberHeartbeat.STATIC_LEAVE_EPOCH, Set.of()), four, 10);
        other.beat(group, four, 10);
        long sessionEnd = 10 + Groups.SETTINGS.sessionTimeoutMs();
        assertThat(group.expire(sessionEnd - 1)).isEmpty();
        other.beat(group, four, sessionEnd - 1);
        assertThat(group.expire(sessionEnd)).containsExactly(stat.memberId);
        other.beat(group, four, sessionEnd);
        assertThat(other.owned).isEqualTo(all("t", 4));
    }

    @Test
    void joiningAgainUnderTheSameIdStartsOver() {
        GroupState group = Groups.group("g");
        TopicCatalog two = catalog(1, "t", 2);
        Client first = new Client(group.heartbeat(join("t"), two, 0));
        MemberHeartbeat rejoin = new MemberHeartbeat(first.memberId, 0, Optional.empty(), 0,
                Optional.of(Subscription.of(List.of("t"), null)), new TreeSet<>());
        HeartbeatResult again = group.heartbeat(rejoin, two, 1);
        assertThat(again.memberId()).isEqualTo(first.memberId);
        assertThat(again.assignment()).isEqualTo(all("t", 2));
        assertThat(group.history(0)).filteredOn(event -> event.type() == Type.REVOKED)
                .allMatch(event -> event.reason() == Reason.FENCED).hasSize(2);
    }

    @Test
    void newPartitionsAreAssignedAndDeletedTopicsDropped() {
        GroupState group = Groups.group("g");
        Client a = new Client(group.heartbeat(join("t", "u"), catalog(1, "t", 2, "u", 2), 0));
        Client b = new Client(group.heartbeat(join("t", "u"), catalog(1, "t", 2, "u", 2), 0));
        settle(group, catalog(1, "t", 2, "u", 2), 0, List.of(a, b), 5);

        TopicCatalog grown = catalog(2, "t", 4, "u", 2);
        group.applyCatalog(grown, 1);
        settle(group, grown, 1, List.of(a, b), 5);
        assertThat(a.owned.size() + b.owned.size()).isEqualTo(6);

        TopicCatalog deleted = catalog(3, "t", 4);
        group.applyCatalog(deleted, 2);
        assertThat(group.history(0)).filteredOn(event -> event.reason() == Reason.TOPIC_DELETED).hasSize(2);
        settle(group, deleted, 2, List.of(a, b), 5);
        assertThat(a.owned).allMatch(p -> p.topic().equals("t"));
        assertThat(a.owned.size() + b.owned.size()).isEqualTo(4);
    }

    @Test
    void aSubscriptionChangeRebalances() {
        GroupState group = Groups.group("g");
        TopicCatalog topics = catalog(1, "t", 2, "u", 2);
        Client a = new Client(group.heartbeat(join("t"), topics, 0));
        Client b = new Client(group.heartbeat(join("t"), topics, 0));
        settle(group, topics, 0, List.of(a, b), 5);
        group.heartbeat(new MemberHeartbeat(b.memberId, b.epoch, Optional.empty(), 0,
                Optional.of(Subscription.of(List.of(), "u|t")), b.owned), topics, 1);
        settle(group, topics, 1, List.of(a, b), 10);
        assertThat(a.owned).allMatch(p -> p.topic().equals("t"));
        assertThat(a.owned.size() + b.owned.size()).isEqualTo(4);
        assertThat(b.owned).anyMatch(p -> p.topic().equals("u"));
    }

    @Test
    void withoutMetadataMembersJoinButGetNothingUntilTopicsAreKnown() {
        GroupState group = Groups.group("g");
        Client a = new Client(group.heartbeat(join("t"), TopicCatalog.UNKNOWN, 0));
        assertThat(a.owned).isEmpty();
        assertThat(group.state()).isEqualTo(GroupSnapshot.State.STABLE);
        a.beat(group, catalog(1, "t", 3), 1);
        assertThat(a.owned).isEqualTo(all("t", 3));
    }
}
