package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One member of {@link GroupReport} and the partitions it owns or must give up.
 */
@RegisterForReflection
public record MemberReport(String memberId, String groupInstanceId, int memberEpoch, String state, List<AssignedPartition> assignment,
                           List<AssignedPartition> pendingRevocation) {
}
