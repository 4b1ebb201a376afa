package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A group as {@code GET /admin/groups} lists it (state in lower case: empty, stable, reconciling …).
 */
@RegisterForReflection
public record GroupSummary(String groupId, String state, int memberCount) {
}
