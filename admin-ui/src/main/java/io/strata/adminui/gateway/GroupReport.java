package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A group as {@code GET /admin/groups/{g}} describes it, with one entry per committed partition offset.
 */
@RegisterForReflection
public record GroupReport(String groupId, String state, int groupEpoch, List<MemberReport> members, List<OffsetLagReport> offsets) {
}
