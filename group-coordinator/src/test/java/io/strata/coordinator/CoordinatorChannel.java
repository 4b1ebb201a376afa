package io.strata.coordinator;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import org.assertj.core.api.ThrowableAssert;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A plain gRPC channel to a coordinator under test, and the error assertion tests share. */
public final class CoordinatorChannel implements AutoCloseable {

    private final ManagedChannel channel;

    public CoordinatorChannel(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub blocking() {
        return GroupCoordinatorServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
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
