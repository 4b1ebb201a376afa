package io.strata.node.election;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.strata.node.election.PartitionLeadership.NO_LEADER;
import static org.assertj.core.api.Assertions.assertThat;

class ElectionPlannerTest {

    static PartitionLeadership partition(String topic, int index, List<Integer> replicas, int leader, List<Integer> isr) {
        return new PartitionLeadership(topic, index, replicas, leader, isr, false);
    }

    static PartitionLeadership unclean(String topic, int index, List<Integer> replicas, int leader, List<Integer> isr) {
        return new PartitionLeadership(topic, index, replicas, leader, isr, true);
    }

    @Test
    void allLiveAndPreferredLeadingNeedsNothing() {
        List<PartitionLeadership> partitions = List.of(
                partition("t", 0, List.of(1, 2, 3), 1, List.of(1, 2, 3)),
                partition("t", 1, List.of(2, 3, 1), 2, List.of(2, 3, 1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 2, 3), true)).isEmpty();
    }

    @Test
    void deadLeaderIsReplacedByTheFirstLiveIsrMemberInPreferenceOrder() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 3, 2), 1, List.of(2, 1, 3)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).containsExactly(
                new Election("t", 0, 3, List.of(2, 3), Election.Reason.CLEAN));
    }

    @Test
    void deadLeaderIsNotReplacedByALiveReplicaOutsideTheIsr() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 1, List.of(1, 3)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).containsExactly(
                new Election("t", 0, 3, List.of(3), Election.Reason.CLEAN));
    }

    @Test
    void aDeadFollowerLeavesTheIsrWhileTheLeaderStaysAtItsEpoch() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 1, List.of(1, 2, 3)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 3), true)).containsExactly(
                new Election("t", 0, 1, List.of(1, 3), Election.Reason.FENCED, List.of(2)));
    }

    @Test
    void aDeadReplicaOutsideTheIsrChangesNothing() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 1, List.of(1, 3)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 3), true)).isEmpty();
    }

    @Test
    void noLiveIsrMemberLeavesThePartitionLeaderlessWithItsIsrKept() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 1, List.of(1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).containsExactly(
                new Election("t", 0, NO_LEADER, List.of(1), Election.Reason.LEADERLESS));
    }

    @Test
    void emptyIsrWithoutUncleanLeavesThePartitionLeaderless() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2), 1, List.of()));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2), true)).containsExactly(
                new Election("t", 0, NO_LEADER, List.of(), Election.Reason.LEADERLESS));
    }

    @Test
    void alreadyLeaderlessWithNobodyToElectIsLeftAlone() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), NO_LEADER, List.of(1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).isEmpty();
    }

    @Test
    void uncleanElectionPicksTheFirstLiveReplicaWhenTheTopicAllowsIt() {
        List<PartitionLeadership> partitions = List.of(unclean("t", 0, List.of(1, 3, 2), 1, List.of(1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).containsExactly(
                new Election("t", 0, 3, List.of(3), Election.Reason.UNCLEAN));
    }

    @Test
    void uncleanAllowedStillPrefersACleanCandidate() {
        List<PartitionLeadership> partitions = List.of(unclean("t", 0, List.of(1, 2, 3), 1, List.of(1, 3)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).containsExactly(
                new Election("t", 0, 3, List.of(3), Election.Reason.CLEAN));
    }

    @Test
    void uncleanAllowedButNoReplicaLiveLeavesItLeaderless() {
        List<PartitionLeadership> partitions = List.of(unclean("t", 0, List.of(1, 2), 1, List.of(1, 2)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(3), true)).containsExactly(
                new Election("t", 0, NO_LEADER, List.of(1, 2), Election.Reason.LEADERLESS));
    }

    @Test
    void leaderlessPartitionGetsItsLastIsrMemberBackWhenItReturns() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), NO_LEADER, List.of(2)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 2, 3), true)).containsExactly(
                new Election("t", 0, 2, List.of(2), Election.Reason.CLEAN));
    }

    @Test
    void preferredReplicaBackInTheIsrTakesLeadershipBackWithTheIsrUnchanged() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 2, List.of(2, 3, 1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 2, 3), true)).containsExactly(
                new Election("t", 0, 1, List.of(2, 3, 1), Election.Reason.PREFERRED));
    }

    @Test
    void preferredReplicaLiveButOutsideTheIsrWaits() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 2, List.of(2, 3)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 2, 3), true)).isEmpty();
    }

    @Test
    void preferredReplicaInTheIsrButDeadIsFencedNotRestored() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 2, List.of(2, 3, 1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(2, 3), true)).containsExactly(
                new Election("t", 0, 2, List.of(2, 3), Election.Reason.FENCED, List.of(1)));
    }

    @Test
    void preferredRestorationCanBeTurnedOff() {
        List<PartitionLeadership> partitions = List.of(partition("t", 0, List.of(1, 2, 3), 2, List.of(2, 3, 1)));

        assertThat(ElectionPlanner.plan(partitions, Set.of(1, 2, 3), false)).isEmpty();
    }

    @Test
    void severalTopicsOnlyThePartitionsOfTheDeadNodeChangeInInputOrder() {
        List<PartitionLeadership> partitions = List.of(
                partition("orders", 0, List.of(1, 2, 3), 1, List.of(1, 2, 3)),
                partition("orders", 1, List.of(2, 3, 1), 2, List.of(2, 3, 1)),
                partition("orders", 2, List.of(3, 1, 2), 3, List.of(3, 1, 2)),
                partition("payments", 0, List.of(2, 1), 2, List.of(2, 1)),
                partition("payments", 1, List.of(1, 2), 1, List.of(1)),
                unclean("audit", 0, List.of(2), 2, List.of(2)),
                partition("single", 0, List.of(2), 2, List.of(2)));

        List<Election> plan = ElectionPlanner.plan(partitions, Set.of(1, 3), true);

        assertThat(plan).containsExactly(
                new Election("orders", 0, 1, List.of(1, 3), Election.Reason.FENCED, List.of(2)),
                new Election("orders", 1, 3, List.of(3, 1), Election.Reason.CLEAN),
                new Election("orders", 2, 3, List.of(3, 1), Election.Reason.FENCED, List.of(2)),
                new Election("payments", 0, 1, List.of(1), Election.Reason.CLEAN),
                new Election("audit", 0, NO_LEADER, List.of(2), Election.Reason.LEADERLESS),
                new Election("single", 0, NO_LEADER, List.of(2), Election.Reason.LEADERLESS));
    }

    @Test
    void everyPlannedElectionKeepsTheInvariantsOverAllSmallCases() {
        List<List<Integer>> subsets = List.of(List.of(), List.of(1), List.of(2), List.of(3), List.of(1, 2),
                List.of(2, 3), List.of(1, 3), List.of(1, 2, 3));
        int checked = 0;
        for (List<Integer> isr : subsets) {
            for (List<Integer> live : subsets) {
                for (int leader : List.of(NO_LEADER, 1, 2, 3)) {
                    for (boolean allowUnclean : List.of(false, true)) {
                        PartitionLeadership p = new PartitionLeadership("t", 0, List.of(1, 2, 3), leader, isr, allowUnclean);
                        for (Election e : ElectionPlanner.plan(List.of(p), Set.copyOf(live), true)) {
                            checked++;
                            assertThat(p.replicas()).containsAll(e.isr());
                            if (e.leader() != NO_LEADER) {
                                assertThat(live).contains(e.leader());
                                assertThat(e.isr()).contains(e.leader());
                                assertThat(isr.contains(e.leader()) || allowUnclean).isTrue();
                                if (e.reason() == Election.Reason.FENCED) {
                                    assertThat(e.leader()).isEqualTo(leader);
                                    assertThat(e.fenced()).isNotEmpty().noneMatch(live::contains).allMatch(isr::contains);
                                }
                                if (e.reason() != Election.Reason.PREFERRED) {
                                    assertThat(e.isr()).allMatch(live::contains);
                                }
                            } else {
                                assertThat(e.isr()).isEqualTo(isr);
                            }
                            if (e.reason() != Election.Reason.FENCED) {
                                assertThat(e.leader()).isNotEqualTo(leader);
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }
}
