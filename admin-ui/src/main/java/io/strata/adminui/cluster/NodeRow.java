package io.strata.adminui.cluster;

/**
 * One node as the cluster page shows it: what the metadata holds of it, how long ago it last
 * heartbeated, how many partitions it leads and how many replicas it holds, and whether it is the
 * controller. Immutable.
 */
public record NodeRow(int nodeId, String address, String rack, String state, String heartbeatAge,
                      int leaderOf, int replicas, boolean controller) {

    public boolean up() {
        return "UP".equals(state);
    }
}
