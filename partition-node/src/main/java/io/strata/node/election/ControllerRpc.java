package io.strata.node.election;

import io.strata.api.error.StrataException;

import io.strata.node.balance.BalancePlanner;

import java.util.List;

/** The controller's calls to the metadata service; failures are {@link StrataException}s. */
interface ControllerRpc {

    /** ClaimController: makes {@code nodeId} the controller at {@code epoch}, or refuses with STALE_CONTROLLER_EPOCH. */
    void claim(int nodeId, long epoch);

    /** ElectLeaders: applies all {@code elections} together or none; returns the metadata version of the change. */
    long elect(int nodeId, long epoch, List<Election> elections);

    /**
     * AlterPartitionReassignments: starts moving each partition to its target; returns the
     * metadata version of the change. A partition refused alone (e.g. a node left meanwhile) is
     * logged and skipped: the next plan is made from the metadata as it then is.
     */
    long reassign(List<BalancePlanner.Placement> targets);
}
