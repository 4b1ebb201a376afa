package io.strata.client.group;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.client.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member's heartbeat timing against a scripted coordinator on a real gRPC server: each
 * heartbeat the member sends waits in {@link #received} until the test answers it, so the test
 * decides what is in flight when the poll thread releases a partition.
 */
class GroupMembershipHeartbeatTest {

    private static final String GROUP = "g";
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    /** Far beyond the test's patience: a heartbeat that waits for it is a heartbeat that did not go at once. */
    private static final int LONG_INTERVAL_MS = 120_000;

    private record Call(GroupHeartbeatRequest request, StreamObserver<GroupHeartbeatResponse> answer) {
        void reply(int epoch, int intervalMs, TopicPartition... assignment) {
            GroupTopicPartitions.Builder partitions = GroupTopicPartitions.newBuilder().setTopic("t");
            for (TopicPartition partition : assignment) {
                partitions.addPartitions(partition.partition());
            }
            answer.onNext(GroupHeartbeatResponse.newBuilder().setMemberId("m-1").setMemberEpoch(epoch)
                    .setHeartbeatIntervalMs(intervalMs).addAssignment(partitions).build());
            answer.onCompleted();
        }

        Set<TopicPartition> owned() {
            return GroupMembership.flatten(request.getOwnedPartitionsList());
        }
    }

    private final BlockingQueue<Call> received = new LinkedBlockingQueue<>();
    private Server server;
    private ManagedChannel channel;
    private GroupMembership membership;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new GroupCoordinatorServiceGrpc.GroupCoordinatorServiceImplBase() {
                    @Override
                    public void heartbeat(GroupHeartbeatRequest request, StreamObserver<GroupHeartbeatResponse> answer) {
                        if (request.getMemberEpoch() == -1) {
                            // leaving, at close: answered at once so the test does not wait out its deadline
                            answer.onNext(GroupHeartbeatResponse.newBuilder().setMemberEpoch(-1).build());
                            answer.onCompleted();
                            return;
                        }
                        received.add(new Call(request, answer));
                    }
                }).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (membership != null) {
            membership.close();
        }
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aReleaseWhileAHeartbeatIsInFlightIsReportedAsSoonAsItReturnsNotAnIntervalLater() throws InterruptedException {
        membership = newMembership(() -> { });
        // Joins; the coordinator gives both partitions and lets the member heartbeat again at once.
        next().reply(1, 0, P0, P1);
        Call second = next();
        membership.owned(Set.of(P0, P1));
        second.reply(2, 0, P0);

        // The member reports both owned and hears it must give up p1; this heartbeat stays in flight
        // while the poll thread releases p1.
        Call inFlight = next();
        assertThat(inFlight.owned()).containsExactlyInAnyOrder(P0, P1);
        assertThat(membership.change().revoked()).containsExactly(P1);
        membership.owned(Set.of(P0));
        inFlight.reply(2, LONG_INTERVAL_MS, P0);

        // Without the release flag the answer's interval would replace the immediate heartbeat the
        // release asked for, and the coordinator would wait two minutes to hear that p1 is free.
        Call report = next();
        assertThat(report.owned()).containsExactly(P0);
        report.reply(2, LONG_INTERVAL_MS, P0);
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("no heartbeat before the interval").isNull();
    }

    @Test
    void takingPartitionsIsReportedAtOnceSoThatTheNextHeartbeatCanBeHeld() throws InterruptedException {
        membership = newMembership(() -> { });
        Call join = next();
        join.reply(1, LONG_INTERVAL_MS, P0);
        // The poll thread has a partition to take: a heartbeat now would only repeat the answer.
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("no heartbeat while the poll thread has work").isNull();
        membership.owned(Set.of(P0));
        // Without the report the coordinator would hear of p0 only after the two-minute interval,
        // and could not hold this member's heartbeat (it owns less than its assignment) until then.
        Call report = next();
        assertThat(report.owned()).containsExactly(P0);
        assertThat(report.request().getMaxWaitMs()).isEqualTo(LONG_INTERVAL_MS);
    }

    @Test
    void withNothingToDoTheNextHeartbeatIsALongPollSentAtOnceWhateverTheInterval() throws InterruptedException {
        membership = newMembership(() -> { });
        // Joined; everything it will own is still another member's: it waits, in a held call, for a release.
        next().reply(1, LONG_INTERVAL_MS);
        Call longPoll = next();
        assertThat(longPoll.request().getMemberEpoch()).isEqualTo(1);
        assertThat(longPoll.request().getMaxWaitMs()).isEqualTo(LONG_INTERVAL_MS);
    }

    @Test
    void aLongPollAnsweredAtOnceWithItsOwnEpochAndNothingToDoWaitsTheInterval() throws InterruptedException {
        membership = newMembership(() -> { });
        next().reply(1, LONG_INTERVAL_MS);
        // A coordinator that does not hold: answering again at once would heartbeat in a loop.
        next().reply(1, LONG_INTERVAL_MS);
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("no heartbeat before the interval").isNull();
    }

    @Test
    void aLongPollIsHeldForTheSettledIntervalNotTheShortOneOfARebalance() throws InterruptedException {
        membership = newMembership(() -> { });
        // The coordinator asks a member that waits for partitions back after 250 ms; held calls
        // ending that soon would only make heartbeats.
        next().reply(1, 250);
        assertThat(next().request().getMaxWaitMs()).isEqualTo(3000);
    }

    @Test
    void anAnswerWithSomethingToDoTellsThePollThread() throws InterruptedException {
        CountDownLatch told = new CountDownLatch(1);
        membership = newMembership(told::countDown);
        next().reply(1, LONG_INTERVAL_MS, P0);
        assertThat(told.await(20, TimeUnit.SECONDS)).as("told of p0 to take").isTrue();
    }

    private GroupMembership newMembership(Runnable onNews) {
        return new GroupMembership(GROUP, GroupSubscription.newBuilder().addTopicNames("t").build(), 30_000, 30_000,
                () -> GroupCoordinatorServiceGrpc.newBlockingStub(channel), onNews);
    }

    private Call next() throws InterruptedException {
        Call call = received.poll(20, TimeUnit.SECONDS);
        assertThat(call).as("a heartbeat within 20 s").isNotNull();
        return call;
    }
}
