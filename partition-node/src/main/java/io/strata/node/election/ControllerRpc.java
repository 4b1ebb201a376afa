package io.strata.node.election;

import io.strata.api.error.StrataException;

import java.util.List;

/** The controller's two calls to the metadata service; failures are {@link StrataException}s. */
interface ControllerRpc {

    /** ClaimController: makes {@code nodeId} the controller at {@code epoch}, or refuses with STALE_CONTROLLER_EPOCH. */
    void claim(int nodeId, long epoch);

    /** ElectLeaders: applies all {@code elections} together or none; returns the metadata version of the change. */
    long elect(int nodeId, long epoch, List<Election> elections);
}
