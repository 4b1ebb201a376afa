package io.strata.node.rpc;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CreateReplicaRequest;
import io.strata.api.v1.DeleteReplicaRequest;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.ListOffsetsRequest;
import io.strata.api.v1.OffsetSpec;
import io.strata.api.v1.PartitionServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller that cancels many calls on its one connection to a node keeps that connection: the
 * node's HTTP/2 rapid-reset limit ({@code quarkus.http.limits.rst-flood-max-rst-frame-per-window}
 * in application.properties) is above what the gateway and the other nodes legitimately reset.
 * With Vert.x's default (200 per 30 s) the node closed the gateway's connection with GOAWAY
 * ENHANCE_YOUR_CALM after 200 cancels and the long polls still on it failed; this test cancels
 * {@value #CANCELLED} long polls on one channel while others wait on it, and they all end
 * normally.
 */
@QuarkusTest
class CancelledCallsTest {

    private static final int CANCELLED = 1_000;
    private static final int PER_ROUND = 100;
    /** Each witness waits this long (the test config's strata.node.max-fetch-wait is 5 s). */
    private static final int WITNESS_WAIT_MS = 3_000;

    @TestHTTPResource
    URL url;

    private ManagedChannel channel;
    private PartitionServiceGrpc.PartitionServiceStub async;
    private PartitionServiceGrpc.PartitionServiceBlockingStub blocking;
    private String topic;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        async = PartitionServiceGrpc.newStub(channel);
        blocking = PartitionServiceGrpc.newBlockingStub(channel);
        topic = "cancel-test-" + UUID.randomUUID().toString().substring(0, 8);
        blocking.createReplica(CreateReplicaRequest.newBuilder().setTopic(topic).setPartition(0).build());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        blocking.deleteReplica(DeleteReplicaRequest.newBuilder().setTopic(topic).setPartition(0).build());
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void cancellingAThousandCallsOnOneChannelLeavesItsConnectionOpen() throws Exception {
        List<CompletableFuture<FetchResponse>> witnesses = new ArrayList<>();
        for (int round = 0; round < CANCELLED / PER_ROUND; round++) {
            witnesses.add(longPoll(WITNESS_WAIT_MS));
            List<Context.CancellableContext> polls = new ArrayList<>();
            for (int i = 0; i < PER_ROUND; i++) {
                Context.CancellableContext call = Context.current().withCancellation();
                call.run(() -> longPoll(WITNESS_WAIT_MS));
                polls.add(call);
            }
            // HTTP/2 frames are handled in order on a connection: once this answer is back, the node
            // has opened every stream above, so each cancel below is an RST_STREAM it counts
            ping();
            polls.forEach(call -> call.cancel(null));
        }
        ping();

        for (CompletableFuture<FetchResponse> witness : witnesses) {
            FetchResponse answered = witness.get(30, TimeUnit.SECONDS); // a GOAWAY would fail it
            assertThat(answered.getRecords().isEmpty()).as("a long poll of an empty partition ends empty at its wait").isTrue();
        }
    }

    private void ping() {
        blocking.withDeadlineAfter(30, TimeUnit.SECONDS).listOffsets(ListOffsetsRequest.newBuilder()
                .setTopic(topic).setPartition(0).setSpec(OffsetSpec.OFFSET_SPEC_LATEST).build());
    }

    private CompletableFuture<FetchResponse> longPoll(int waitMs) {
        CompletableFuture<FetchResponse> answer = new CompletableFuture<>();
        async.withDeadlineAfter(60, TimeUnit.SECONDS).fetch(FetchRequest.newBuilder().setTopic(topic).setPartition(0)
                .setOffset(0).setMaxBytes(1024).setMinBytes(1).setMaxWaitMs(waitMs).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(FetchResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(null);
                    }
                });
        return answer;
    }
}
