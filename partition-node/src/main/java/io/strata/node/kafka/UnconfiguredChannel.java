package io.strata.node.kafka;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A channel to a service this node was not told about (a standalone node, or no coordinator URL):
 * every call ends at once UNAVAILABLE, naming the setting that is missing, so a Kafka client gets a
 * retriable error that says what to configure instead of a hang.
 */
final class UnconfiguredChannel extends Channel {

    private final String setting;

    UnconfiguredChannel(String setting) {
        this.setting = setting;
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return new ClientCall<>() {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                listener.onClose(Status.UNAVAILABLE.withDescription(method.getBareMethodName() + ": this node has no "
                        + setting + " configured"), new Metadata());
            }

            @Override
            public void request(int count) {
            }

            @Override
            public void cancel(String message, Throwable cause) {
            }

            @Override
            public void halfClose() {
            }

            @Override
            public void sendMessage(Q message) {
            }
        };
    }

    @Override
    public String authority() {
        return "unconfigured";
    }
}
