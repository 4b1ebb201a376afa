package io.strata.api.channel;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A client interceptor that sees how each call of its channel ends and may act on it or replace
 * the status the caller sees; subclasses say what in {@link #onClose}. Thread-safety is the
 * subclass's: {@link #onClose} runs on gRPC's callback threads, any number at once.
 */
public abstract class CallCloseInterceptor implements ClientInterceptor {

    /** Called as a call ends; returns the status its caller gets (usually {@code status} itself). */
    protected abstract Status onClose(Status status, Metadata trailers);

    @Override
    public final <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        super.onClose(CallCloseInterceptor.this.onClose(status, trailers), trailers);
                    }
                }, headers);
            }
        };
    }
}
