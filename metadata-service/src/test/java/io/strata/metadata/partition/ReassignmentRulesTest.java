package io.strata.metadata.partition;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReassignmentRulesTest {

    private static final Set<Integer> NODES = Set.of(1, 2, 3, 4, 5);
    private final PartitionState initial = PartitionState.initial(List.of(1, 2, 3));

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String messagePart) {
        StrataException error = catchThrowableOfType(StrataException.class, call);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).contains(messagePart);
    }

    @Test
    void startingAMoveAddsTheTargetKeepsTheReplicasBeforeAndBumpsTheLeaderEpoch() {
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(4, 2, 5), NODES);
        assertThat(moving).isEqualTo(new PartitionState(List.of(4, 2, 5, 1, 3), 1, 1, List.of(1, 2, 3), 1,
                List.of(4, 5), List.of(1, 3)));
        assertThat(moving.target()).containsExactly(4, 2, 5);
    }

    @Test
    void theMoveCompletesOnlyWhenEveryTargetReplicaIsInSyncAndARemovedLeaderIsReplaced() {
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(4, 2, 5), NODES);
        PartitionState one = moving.alterIsr("t-0", 1, 1, 1, List.of(1, 2, 3, 4));
        assertThat(one.replicas()).containsExactly(4, 2, 5, 1, 3); // 5 not in sync: nothing dropped
        assertThat(one.reassigning()).isTrue();
        PartitionState done = one.alterIsr("t-0", 1, 1, 2, List.of(1, 2, 3, 4, 5));
        // the ISR change and the completion it allows: two changes, partition epoch + 2
        assertThat(done).isEqualTo(new PartitionState(List.of(4, 2, 5), 4, 2, List.of(2, 4, 5), 4));
    }

    @Test
    void aLeaderThatStaysKeepsLeadingAtANewEpoch() {
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(1, 4), NODES);
        PartitionState done = moving.alterIsr("t-0", 1, 1, 1, List.of(1, 2, 3, 4));
        assertThat(done).isEqualTo(new PartitionState(List.of(1, 4), 1, 2, List.of(1, 4), 3));
    }

    @Test
    void aSmallerTargetAlreadyInSyncCompletesAtOnce() { // replication factor 3 → 2
        PartitionState done = ReassignmentRules.reassign("t-0", initial, List.of(2, 3), NODES);
        assertThat(done).isEqualTo(new PartitionState(List.of(2, 3), 2, 2, List.of(2, 3), 2));
    }

    @Test
    void aLargerTargetAddsReplicas() { // replication factor 3 → 4
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(1, 2, 3, 4), NODES);
        assertThat(moving.adding()).containsExactly(4);
        assertThat(moving.removing()).isEmpty();
        assertThat(moving.alterIsr("t-0", 1, 1, 1, List.of(1, 2, 3, 4)).replicas()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aReorderedTargetChangesThePreferredLeaderOnly() {
        PartitionState reordered = ReassignmentRules.reassign("t-0", initial, List.of(3, 1, 2), NODES);
        assertThat(reordered).isEqualTo(new PartitionState(List.of(3, 1, 2), 1, 1, List.of(1, 2, 3), 1));
        assertThat(ReassignmentRules.reassign("t-0", reordered, List.of(3, 1, 2), NODES)).isSameAs(reordered);
    }

    @Test
    void cancelRestoresTheReplicasBeforeAndDropsTheAddedOnes() {
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(4, 5, 3), NODES)
                .alterIsr("t-0", 1, 1, 1, List.of(1, 2, 3, 4));
        PartitionState cancelled = ReassignmentRules.cancel("t-0", moving);
        assertThat(cancelled).isEqualTo(new PartitionState(List.of(3, 1, 2), 1, 2, List.of(1, 2, 3), 3));
    }

    @Test
    void cancellingAnAddedLeaderElectsAnInSyncReplicaBefore() {
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(4, 5), NODES)
                .alterIsr("t-0", 1, 1, 1, List.of(1, 2, 4))
                .elect("t-0", 4, List.of(2, 4), false);
        PartitionState cancelled = ReassignmentRules.cancel("t-0", moving);
        assertThat(cancelled.replicas()).containsExactly(1, 2, 3);
        assertThat(cancelled.leader()).isEqualTo(2);
        assertThat(cancelled.isr()).containsExactly(2);
        assertThat(cancelled.leaderEpoch()).isGreaterThan(moving.leaderEpoch());
    }

    @Test
    void aCancelThatWouldLeaveNoInSyncReplicaIsRefused() {
        PartitionState onlyAddedInSync = ReassignmentRules.reassign("t-0", initial, List.of(4, 5), NODES)
                .alterIsr("t-0", 1, 1, 1, List.of(1, 4))
                .elect("t-0", 4, List.of(4), false);
        refused(() -> ReassignmentRules.cancel("t-0", onlyAddedInSync), ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                "would leave no in-sync replica");
    }

    @Test
    void aNewTargetReplacesTheMoveInProgressCountingFromTheReplicasBefore() {
        PartitionState moving = ReassignmentRules.reassign("t-0", initial, List.of(4, 5, 3), NODES);
        PartitionState replaced = ReassignmentRules.reassign("t-0", moving, List.of(1, 2, 4), NODES);
        assertThat(replaced.replicas()).containsExactly(1, 2, 4, 3);
        assertThat(replaced.adding()).containsExactly(4);
        assertThat(replaced.removing()).containsExactly(3);
        PartitionState cancelled = ReassignmentRules.cancel("t-0", replaced);
        assertThat(cancelled.replicas()).containsExactly(1, 2, 3);
    }

    @Test
    void cancelWithNoMoveInProgressIsRefusedByName() {
        refused(() -> ReassignmentRules.cancel("t-0", initial), ErrorCode.NO_REASSIGNMENT_IN_PROGRESS,
                "partition t-0 has no reassignment in progress");
    }

    @Test
    void badTargetsAreRefusedNamingWhatIsWrong() {
        refused(() -> ReassignmentRules.reassign("t-0", initial, List.of(), NODES), ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                "target_replicas: empty for partition t-0");
        refused(() -> ReassignmentRules.reassign("t-0", initial, List.of(1, 4, 1), NODES),
                ErrorCode.INVALID_REPLICA_ASSIGNMENT, "node 1 is listed twice in [1, 4, 1]");
        refused(() -> ReassignmentRules.reassign("t-0", initial, List.of(1, 9), NODES),
                ErrorCode.INVALID_REPLICA_ASSIGNMENT, "node 9 of [1, 9] for partition t-0 is not a node of this cluster");
    }

    @Test
    void aLeaderlessPartitionStaysLeaderlessWhenItsReplicasChange() {
        PartitionState leaderless = initial.elect("t-0", PartitionState.NO_LEADER, List.of(), false);
        PartitionState moving = ReassignmentRules.reassign("t-0", leaderless, List.of(4, 5), NODES);
        assertThat(moving.leader()).isEqualTo(PartitionState.NO_LEADER);
        assertThat(moving.replicas()).containsExactly(4, 5, 1, 2, 3);
    }

    @Test
    void aTopicSettlesOnAReplicationFactorOnlyWhenNoPartitionMovesAndAllHaveOneCount() {
        PartitionState three = PartitionState.initial(List.of(1, 2, 3));
        PartitionState two = PartitionState.initial(List.of(1, 2));
        PartitionState growing = ReassignmentRules.reassign("t-1", two, List.of(1, 2, 3), NODES);

        assertThat(ReassignmentRules.settledReplicationFactor(List.of(three, three))).hasValue(3);
        assertThat(ReassignmentRules.settledReplicationFactor(List.of(three, two))).isEmpty();
        assertThat(ReassignmentRules.settledReplicationFactor(List.of(three, growing))).as("one still moving").isEmpty();
        assertThat(ReassignmentRules.settledReplicationFactor(List.of())).isEmpty();
    }
}
