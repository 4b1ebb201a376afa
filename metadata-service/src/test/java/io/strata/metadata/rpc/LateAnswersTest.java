package io.strata.metadata.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call its client gave up on (its deadline passed, so the client reset the stream) is finished
 * by the service all the same, and its late answer must not cost the connection: Vert.x's gRPC
 * bridge wrote it to the reset stream, a connection error that closed the connection with GOAWAY
 * PROTOCOL_ERROR and failed every other call on it (see {@code api/…/channel/CancelledCallGuard}).
 * Here CreateTopic calls of many partitions are given deadlines too short to answer in, while a
 * watch stream waits on the same connection; the topics are all made, and the watch sees them all
 * without failing.
 */
@QuarkusTest
class LateAnswersTest extends MetadataServiceTestBase {

    private static final int CALLS = 10;

    @Test
    void lateAnswersToCancelledCallsLeaveTheConnectionAndItsOtherCallsAlone() throws Exception {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            long from = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();
            AtomicReference<Throwable> watchFailure = new AtomicReference<>();
            List<String> watched = new java.util.concurrent.CopyOnWriteArrayList<>();
            MetadataServiceGrpc.newStub(channel.channel()).watchMetadata(WatchMetadataRequest.newBuilder().setFromVersion(from).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(WatchMetadataResponse response) {
                            if (response.hasChange() && response.getChange().hasTopic()) {
                                watched.add(response.getChange().getTopic().getName());
                            }
                        }

                        @Override
                        public void onError(Throwable failure) {
                            watchFailure.set(failure);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            String prefix = uniqueTopic("late");
            List<String> names = new ArrayList<>();
            int timedOut = 0;
            for (int i = 0; i < CALLS; i++) {
                String name = prefix + "-" + i;
                names.add(name);
                try {
                    MetadataServiceGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(15, TimeUnit.MILLISECONDS)
                            .createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(2_000).setReplicationFactor(1).build());
                } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                    timedOut++;
                }
            }
            assertThat(timedOut).as("calls whose client gave up before the answer").isPositive();
            // The service may finish the abandoned calls (and answer them late) or stop them; either
            // way a topic made afterwards on the same connection reaches the watch, which never failed.
            String last = prefix + "-after";
            names.clear();
            names.add(last);
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> metadata.createTopic(
                    CreateTopicRequest.newBuilder().setName(last).setPartitions(1).setReplicationFactor(1).build()));
            await().atMost(Duration.ofSeconds(60)).until(() -> watchFailure.get() != null || watched.contains(last));
            assertThat(watchFailure.get()).as("the watch on the connection of the cancelled calls").isNull();
            assertThat(watched).containsAll(names);
        }
    }
}
