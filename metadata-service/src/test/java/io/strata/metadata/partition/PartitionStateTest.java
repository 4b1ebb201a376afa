package io.strata.metadata.partition;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PartitionStateTest {

    private final PartitionState initial = PartitionState.initial(List.of(1, 2, 3));

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String messagePart) {
        StrataException error = catchThrowableOfType(StrataException.class, call);
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).contains(messagePart);
    }

    @Test
    void aNewPartitionIsLedByItsPreferredReplicaWithAllInSync() {
        assertThat(initial).isEqualTo(new PartitionState(List.of(1, 2, 3), 1, 0, List.of(1, 2, 3), 0));
    }

    @Test
    void anIsrChangeFromTheCurrentEpochsBumpsThePartitionEpochOnly() {
        PartitionState shrunk = initial.alterIsr("t-0", 1, 0, 0, List.of(1, 3));
        assertThat(shrunk).isEqualTo(new PartitionState(List.of(1, 2, 3), 1, 0, List.of(1, 3), 1));
        refused(() -> shrunk.alterIsr("t-0", 1, 0, 0, List.of(1)), ErrorCode.FENCED_LEADER_EPOCH, "partition_epoch: 0 is not t-0's partition epoch 1");
    }

    @Test
    void isrChangesWithOtherEpochsOrFromOtherNodesAreRefused() {
        PartitionState elected = initial.elect("t-0", 2, List.of(2, 3), false);
        refused(() -> elected.alterIsr("t-0", 2, 0, 1, List.of(2)), ErrorCode.FENCED_LEADER_EPOCH, "leader_epoch: 0 is older");
        refused(() -> elected.alterIsr("t-0", 2, 2, 1, List.of(2)), ErrorCode.UNKNOWN_LEADER_EPOCH, "leader_epoch: 2 is newer");
        refused(() -> elected.alterIsr("t-0", 1, 1, 1, List.of(1)), ErrorCode.NOT_LEADER_OR_FOLLOWER, "node 1 does not lead t-0");
        refused(() -> elected.alterIsr("t-0", 2, 1, 1, List.of(3)), ErrorCode.INVALID_REQUEST, "does not contain the leader 2");
        refused(() -> elected.alterIsr("t-0", 2, 1, 1, List.of(2, 2)), ErrorCode.INVALID_REQUEST, "listed twice");
        refused(() -> elected.alterIsr("t-0", 2, 1, 1, List.of(2, 9)), ErrorCode.INVALID_REQUEST, "node 9 is not a replica");
    }

    @Test
    void electionsBumpBothEpochsAndRespectTheUncleanSetting() {
        PartitionState onlyLeader = initial.alterIsr("t-0", 1, 0, 0, List.of(1));
        refused(() -> onlyLeader.elect("t-0", 2, List.of(2), false), ErrorCode.INVALID_REQUEST,
                "node 2 is not in t-0's ISR [1] and unclean.leader.election.enable is false");
        assertThat(onlyLeader.elect("t-0", 2, List.of(2), true))
                .isEqualTo(new PartitionState(List.of(1, 2, 3), 2, 1, List.of(2), 2));
        refused(() -> initial.elect("t-0", 7, List.of(7), true), ErrorCode.INVALID_REQUEST, "node 7 is not a replica");
        assertThat(initial.elect("t-0", PartitionState.NO_LEADER, List.of(), false).leader()).isEqualTo(-1);
    }

    @Test
    void fencingTakesDeadNodesOutOfTheIsrAndKeepsTheLeaderAndItsEpoch() {
        PartitionState state = new PartitionState(List.of(1, 2, 3), 1, 4, List.of(1, 2, 3), 9);

        PartitionState fenced = state.fence("t-0", 1, List.of(2));

        assertThat(fenced).isEqualTo(new PartitionState(List.of(1, 2, 3), 1, 4, List.of(1, 3), 10));
        assertThat(fenced.fence("t-0", 1, List.of(2))).as("already out: unchanged").isSameAs(fenced);
        assertThat(state.fence("t-0", 3, List.of(2))).as("node 3 does not lead: a stale view, unchanged").isSameAs(state);
        assertThatThrownBy(() -> state.fence("t-0", 1, List.of(1, 2)))
                .isInstanceOf(StrataException.class)
                .hasMessage("fenced: [1, 2] contains the leader 1 of t-0; a dead leader is replaced by an election");
    }

    @Test
    void aPreferredElectionMakesTheFirstReplicaLeadOnlyWhenItIsUpAndInSync() {
        PartitionState elsewhere = initial.elect("t-0", 2, List.of(1, 2, 3), false);
        PartitionState back = elsewhere.electPreferred("t-0", java.util.Set.of(1, 2, 3));
        assertThat(back).isEqualTo(new PartitionState(List.of(1, 2, 3), 1, 2, List.of(1, 2, 3), 2));

        refused(() -> back.electPreferred("t-0", java.util.Set.of(1, 2, 3)), ErrorCode.ELECTION_NOT_NEEDED,
                "its preferred replica 1 already leads");
        PartitionState outOfSync = initial.elect("t-0", 2, List.of(2, 3), false);
        refused(() -> outOfSync.electPreferred("t-0", java.util.Set.of(1, 2, 3)), ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
                "is not in the ISR [2, 3]");
        refused(() -> elsewhere.electPreferred("t-0", java.util.Set.of(2, 3)), ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
                "is not UP");
    }
}
