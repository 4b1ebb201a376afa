package io.strata.adminui.gateway;


/**
 * The controller of {@link ClusterReport}.
 */
public record ControllerReport(int nodeId, long controllerEpoch) {
}
