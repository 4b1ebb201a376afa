package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicConfigKeyTest {

    @Test
    void cleanupPolicyTakesDeleteCompactOrBoth() {
        TopicConfigKey policy = TopicConfigKey.require("cleanup.policy");
        assertThat(policy.canonical(" Compact ")).isEqualTo("compact");
        assertThat(policy.canonical("delete")).isEqualTo("delete");
        assertThat(policy.canonical("delete, compact")).isEqualTo("compact,delete");
        assertThat(policy.canonical("compact,delete")).isEqualTo("compact,delete");
        for (String bad : new String[] {"compact,compact", "compact,", "", "shred"}) {
            assertThatThrownBy(() -> policy.canonical(bad)).isInstanceOf(StrataException.class)
                    .hasMessageContaining("of 'cleanup.policy' is not one of [delete, compact, compact,delete]");
        }
    }

    @Test
    void compactionSettingsAreTypedAndRanged() {
        assertThat(TopicConfigKey.require("min.cleanable.dirty.ratio").canonical("0.25")).isEqualTo("0.25");
        assertThatThrownBy(() -> TopicConfigKey.require("min.cleanable.dirty.ratio").canonical("1.5"))
                .hasMessageContaining("value '1.5' of 'min.cleanable.dirty.ratio' is out of range 0 … 1");
        assertThatThrownBy(() -> TopicConfigKey.require("min.cleanable.dirty.ratio").canonical("half"))
                .hasMessageContaining("value 'half' of 'min.cleanable.dirty.ratio' is not a number");
        assertThatThrownBy(() -> TopicConfigKey.require("delete.retention.ms").canonical("-1"))
                .hasMessageContaining("'delete.retention.ms' is out of range 0");
        assertThatThrownBy(() -> TopicConfigKey.require("max.compaction.lag.ms").canonical("0"))
                .hasMessageContaining("'max.compaction.lag.ms' is out of range 1");
        assertThat(TopicConfigKey.require("min.compaction.lag.ms").canonical("60000")).isEqualTo("60000");
    }

    @Test
    void throttledReplicasTakeKafkasListsAsTheReassignmentToolWritesThem() {
        TopicConfigKey leader = TopicConfigKey.require("leader.replication.throttled.replicas");
        assertThat(leader.canonical("0:1, 0:2,1:3")).isEqualTo("0:1,0:2,1:3");
        assertThat(leader.canonical(" * ")).isEqualTo("*");
        assertThat(leader.canonical("")).isEqualTo("");
        assertThat(leader.kafkaDefault()).isEmpty();
        for (String bad : new String[] {"0:", "a:1", "0:1,", "0-1"}) {
            assertThatThrownBy(() -> TopicConfigKey.require("follower.replication.throttled.replicas").canonical(bad))
                    .isInstanceOf(StrataException.class)
                    .hasMessageContaining("of 'follower.replication.throttled.replicas' is not empty, * or partition:node pairs");
        }
    }
}
