package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One node of {@link ClusterReport}: state UP or DOWN, rack null when unset, last heartbeat in ms since the epoch (metadata service clock).
 */
@RegisterForReflection
public record NodeReport(int nodeId, String address, String rack, String state, long lastHeartbeatMs) {
}
