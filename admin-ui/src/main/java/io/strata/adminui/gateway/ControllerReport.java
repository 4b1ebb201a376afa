package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The controller of {@link ClusterReport}.
 */
@RegisterForReflection
public record ControllerReport(int nodeId, long controllerEpoch) {
}
