package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A group's committed offset of one partition, the partition's log end offset and the lag between them (−1 where the leader did not answer).
 */
@RegisterForReflection
public record OffsetLagReport(String topic, int partition, long committedOffset, long logEndOffset, long lag, String memberId, String metadata) {
}
