package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The cluster as {@code GET /admin/cluster} reports it: every node ever registered, the controller (node id −1 before any claim) and the metadata version.
 */
@RegisterForReflection
public record ClusterReport(List<NodeReport> nodes, ControllerReport controller, long metadataVersion) {
}
