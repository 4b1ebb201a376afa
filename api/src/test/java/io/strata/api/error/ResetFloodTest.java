package io.strata.api.error;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a caller sees when a server's HTTP/2 rapid-reset protection closes its connection: the
 * scale bench's gateway cancelled enough calls to a node that the node answered GOAWAY
 * ENHANCE_YOUR_CALM ("Maximum number of RST frames reached"), and every call still on the
 * connection failed. Here a real gRPC server with a low limit on reset streams, a long call in
 * flight, and more cancelled calls on the same channel than the limit allows.
 */
class ResetFloodTest {

    private static final int MAX_RST_FRAMES = 10;

    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallCutOffByTheResetFloodGoawayIsNodeNotAvailableAndRetriable() throws Exception {
        AtomicInteger received = new AtomicInteger();
        server = NettyServerBuilder.forPort(0).maxRstFramesPerWindow(MAX_RST_FRAMES, 60)
                .addService(new PartitionServiceGrpc.PartitionServiceImplBase() {
                    @Override
                    public void fetch(FetchRequest request, StreamObserver<FetchResponse> answer) {
                        received.incrementAndGet(); // never answered: a long poll that waits
                    }
                }).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        PartitionServiceGrpc.PartitionServiceStub stub = PartitionServiceGrpc.newStub(channel);

        CompletableFuture<Throwable> witness = new CompletableFuture<>();
        stub.fetch(FetchRequest.getDefaultInstance(), failureInto(witness));
        await().atMost(Duration.ofSeconds(30)).until(() -> received.get() == 1);
        for (int i = 0; i < 3 * MAX_RST_FRAMES && !witness.isDone(); i++) {
            Context.CancellableContext call = Context.current().withCancellation();
            int before = received.get();
            call.run(() -> stub.fetch(FetchRequest.getDefaultInstance(), failureInto(new CompletableFuture<>())));
            // cancelled once the server has the stream, so the cancel is an RST_STREAM on the wire
            await().atMost(Duration.ofSeconds(30)).until(() -> received.get() > before || witness.isDone());
            call.cancel(null);
        }

        Throwable cutOff = witness.get(30, TimeUnit.SECONDS);
        assertThat(Status.fromThrowable(cutOff).getCode()).as("grpc-java's status for GOAWAY ENHANCE_YOUR_CALM: %s", cutOff)
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(GrpcErrors.isTransportFailure(cutOff)).isTrue();
        StrataException seen = GrpcErrors.asStrataException(cutOff);
        assertThat(seen.code()).as("%s", seen).isEqualTo(ErrorCode.NODE_NOT_AVAILABLE);
        assertThat(seen.retriable()).isTrue();
    }

    @Test
    void aResourceExhaustedThatIsNotAGoawayStaysAFailureOfTheCall() {
        Throwable tooLarge = Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 4194304: 5242880").asRuntimeException();

        assertThat(GrpcErrors.isTransportFailure(tooLarge)).isFalse();
        assertThat(GrpcErrors.fromStatus(tooLarge).code()).isNotEqualTo(ErrorCode.NODE_NOT_AVAILABLE);
    }

    private static StreamObserver<FetchResponse> failureInto(CompletableFuture<Throwable> failure) {
        return new StreamObserver<>() {
            @Override
            public void onNext(FetchResponse value) {
                failure.completeExceptionally(new AssertionError("the server never answers"));
            }

            @Override
            public void onError(Throwable t) {
                failure.complete(t);
            }

            @Override
            public void onCompleted() {
                failure.completeExceptionally(new AssertionError("the server never answers"));
            }
        };
    }
}
