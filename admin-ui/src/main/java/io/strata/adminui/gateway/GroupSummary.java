package io.strata.adminui.gateway;


/**
 * A group as {@code GET /admin/groups} lists it (state in lower case: empty, stable, reconciling …).
 */
public record GroupSummary(String groupId, String state, int memberCount) {
}
