package io.strata.client.group;

import io.strata.client.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentChangeTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition A2 = new TopicPartition("a", 2);

    @Test
    void revokesWhatTheTargetLacksAndAddsWhatItGains() {
        AssignmentChange change = AssignmentChange.between(Set.of(A0, A1), Set.of(A1, A2));

        assertThat(change.revoked()).containsExactly(A0);
        assertThat(change.added()).containsExactly(A2);
        assertThat(change.lost()).isFalse();
    }

    @Test
    void owningTheTargetIsNoChange() {
        assertThat(AssignmentChange.between(Set.of(A0), Set.of(A0)).isEmpty()).isTrue();
        assertThat(AssignmentChange.NONE.isEmpty()).isTrue();
    }

    @Test
    void partitionsKeptAreNeverRevoked() {
        AssignmentChange change = AssignmentChange.between(Set.of(A0, A1, A2), Set.of(A0, A1));

        assertThat(change.revoked()).containsExactly(A2);
        assertThat(change.added()).isEmpty();
    }
}
