package io.strata.metadata;

import io.grpc.ManagedChannel;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataServiceGrpc;
import org.assertj.core.api.ThrowableAssert;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A plain gRPC channel to a metadata service under test, and the error assertions tests share. */
public final class MetadataChannel implements AutoCloseable {

    private static final ClientInterceptor PER_CALL_DEADLINE = new ClientInterceptor() {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            return next.newCall(method, options.getDeadline() != null ? options : options.withDeadlineAfter(30, TimeUnit.SECONDS));
        }
    };

    private final ManagedChannel channel;

    public MetadataChannel(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /**
     * A deadline of 30 s on each call. Not {@code withDeadlineAfter} on the stub: that deadline is
     * fixed when the stub is made, so a test making many calls with one stub (a latency test under
     * load) ran out of it on a call that itself took a quarter second.
     */
    public MetadataServiceGrpc.MetadataServiceBlockingStub blocking() {
        return MetadataServiceGrpc.newBlockingStub(channel).withInterceptors(PER_CALL_DEADLINE);
    }

    /** The channel itself, for stubs of a test's own making. */
    public ManagedChannel channel() {
        return channel;
    }

    /** No deadline: for watch streams. */
    public MetadataServiceGrpc.MetadataServiceBlockingStub streaming() {
        return MetadataServiceGrpc.newBlockingStub(channel);
    }

    public MetadataServiceGrpc.MetadataServiceFutureStub futures() {
        return MetadataServiceGrpc.newFutureStub(channel).withInterceptors(PER_CALL_DEADLINE);
    }

    /** Asserts the call fails with {@code code} and a message containing {@code messagePart}; returns the failure. */
    public static StrataException assertRefused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String messagePart) {
        Throwable failure = catchThrowable(call);
        assertThat(failure).as("expected %s", code).isNotNull();
        StrataException error = GrpcErrors.fromStatus(failure);
        assertThat(error.code()).as("code of %s", error).isEqualTo(code);
        assertThat(error.getMessage()).contains(messagePart);
        return error;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
