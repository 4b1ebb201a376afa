package io.strata.client.admin;

import java.util.List;

/** The partition nodes (ordered by id), the controller's node id (−1 before one is elected), and the metadata version. */
public record ClusterInfo(List<NodeInfo> nodes, int controllerId, long metadataVersion) {
}
