package io.strata.api.channel;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.MetadataServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A peer that was down for a while and is back: with the rule, the caller's next calls connect
 * at once, although grpc-java's own backoff would have it wait (here: over 10 s of failed
 * connection attempts, a backoff of several seconds).
 */
class ReconnectAfterFailureTest {

    private ManagedChannel channel;
    private Server server;

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
    void theCallsAfterAPeerCameBackConnectAtOnce() throws Exception {
        int port = freePort();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        MetadataServiceGrpc.MetadataServiceBlockingStub stub = MetadataServiceGrpc.newBlockingStub(ReconnectAfterFailure.wrap(channel));
        long downUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int failures = 0;
        while (System.nanoTime() < downUntil) {
            StatusRuntimeException down = catchThrowableOfType(StatusRuntimeException.class, () -> call(stub));
            // DEADLINE_EXCEEDED when a refused connection takes longer than the deadline on a loaded machine
            assertThat(down.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
            failures++;
            TimeUnit.MILLISECONDS.sleep(200); // the caller's own retry interval, as a heartbeat's
        }
        server = ServerBuilder.forPort(port).addService(new MetadataServiceGrpc.MetadataServiceImplBase() {
            @Override
            public void describeCluster(DescribeClusterRequest request, StreamObserver<DescribeClusterResponse> answer) {
                answer.onNext(DescribeClusterResponse.getDefaultInstance());
                answer.onCompleted();
            }
        }).build().start();

        boolean answered = false;
        for (int attempt = 0; attempt < 3 && !answered; attempt++) {
            try {
                call(stub);
                answered = true;
            } catch (StatusRuntimeException stillInBackoff) {
                TimeUnit.MILLISECONDS.sleep(200);
                assertThat(stillInBackoff.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
            }
        }
        assertThat(answered).as("one of three calls 200 ms apart right after the peer is back is answered (after %d failures)", failures)
                .isTrue();
    }

    private static void call(MetadataServiceGrpc.MetadataServiceBlockingStub stub) {
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).describeCluster(DescribeClusterRequest.getDefaultInstance());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
