package io.strata.gateway.grpc;

import io.grpc.ServerCall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The listener of a call whose start waits for something (its authentication): events gRPC
 * delivers before {@link #start} are kept in order and replayed to the real listener then; after
 * it they go straight through. After {@link #refused} (the call was closed instead) events are
 * dropped.
 *
 * <p>Thread-safe: one lock orders the replay against events still arriving, so the real listener
 * sees every event once, in gRPC's order.
 */
final class DeferredListener<Q> extends ServerCall.Listener<Q> {

    private final List<Consumer<ServerCall.Listener<Q>>> pending = new ArrayList<>();
    private ServerCall.Listener<Q> delegate;
    private boolean refused;

    synchronized void start(ServerCall.Listener<Q> listener) {
        delegate = listener;
        pending.forEach(event -> event.accept(listener));
        pending.clear();
    }

    synchronized void refused() {
        refused = true;
        pending.clear();
    }

    private synchronized void deliver(Consumer<ServerCall.Listener<Q>> event) {
        if (refused) {
            return;
        }
        if (delegate == null) {
            pending.add(event);
        } else {
            event.accept(delegate);
        }
    }

    @Override
    public void onMessage(Q message) {
        deliver(listener -> listener.onMessage(message));
    }

    @Override
    public void onHalfClose() {
        deliver(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onCancel() {
        deliver(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
        deliver(ServerCall.Listener::onComplete);
    }

    @Override
    public void onReady() {
        deliver(ServerCall.Listener::onReady);
    }
}
