package io.strata.gateway.routing;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    @Test
    void retriesOnlyWhatAnotherAttemptCanFix() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(25), Duration.ofSeconds(1));
        assertThat(policy.retriable(new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, ""), true)).isTrue();
        assertThat(policy.retriable(new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ""), true)).isTrue();
        assertThat(policy.retriable(new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ""), false)).isFalse();
        assertThat(policy.retriable(new StrataException(ErrorCode.MESSAGE_TOO_LARGE, ""), true)).isFalse();
        assertThat(policy.retriable(new StrataException(ErrorCode.THROTTLED, ""), true)).as("nothing was written").isTrue();
        assertThat(policy.retriable(new StrataException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, ""), true))
                .as("SequencedAppends decides, knowing the partition's window").isFalse();
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(25));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(40)).isEqualTo(Duration.ofSeconds(1));
    }
}
