package io.strata.adminui.gateway;


/**
 * One node of {@link ClusterReport}: state UP or DOWN, rack null when unset, last heartbeat in ms since the epoch (metadata service clock).
 */
public record NodeReport(int nodeId, String address, String rack, String state, long lastHeartbeatMs) {
}
