package io.strata.client.consumer;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupTopicPartitions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The periodic auto-commit against a scripted gateway on a real gRPC server: the member owns
 * {@code t-0} at committed offset 5, fetches wait forever (nothing to read), and the test decides
 * when each commit is answered. A slow auto-commit must not hold the poll thread, and a revoked
 * partition's release must still wait until every commit made before it has landed, in order.
 */
class AutoCommitTest {

    /** Far beyond the test's patience: a poll that waits for an answer this long is a poll that was held. */
    private static final int REQUEST_TIMEOUT_MS = 120_000;

    private record Commit(CommitOffsetsRequest request, StreamObserver<CommitOffsetsResponse> answer) {
        void accept() {
            answer.onNext(CommitOffsetsResponse.newBuilder().addAllOffsets(request.getOffsetsList()).build());
            answer.onCompleted();
        }
    }

    private record Heartbeat(GroupHeartbeatRequest request, StreamObserver<GroupHeartbeatResponse> answer) { }

    private final BlockingQueue<Commit> heldCommits = new LinkedBlockingQueue<>();
    private final List<CommitOffsetsRequest> commits = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Heartbeat> heldHeartbeats = new LinkedBlockingQueue<>();
    /** Every heartbeat and commit as it arrived, in order: "commit" or "heartbeat epoch=E owned=N". */
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicBoolean holdCommits = new AtomicBoolean(true);
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicBoolean polling = new AtomicBoolean(true);
    private Server server;
    private Consumer consumer;
    private Thread poller;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Coordinator()).addService(new Gateway()).build().start();
        consumer = Consumer.create(Map.of("bootstrap.servers", "127.0.0.1:" + server.getPort(), "group.id", "g",
                "enable.auto.commit", "true", "auto.commit.interval.ms", "100", "fetch.max.wait.ms", "100",
                "request.timeout.ms", String.valueOf(REQUEST_TIMEOUT_MS)));
        consumer.subscribe(List.of("t"));
        poller = new Thread(() -> {
            while (polling.get()) {
                consumer.poll(Duration.ofMillis(20));
                polls.incrementAndGet();
            }
        }, "test-poll");
        poller.start();
    }

    @AfterEach
    void stop() throws Exception {
        holdCommits.set(false);
        heldCommits.forEach(Commit::accept);
        polling.set(false);
        poller.join(TimeUnit.SECONDS.toMillis(30));
        consumer.close();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aSlowAutoCommitDoesNotHoldThePoll() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !heldCommits.isEmpty());
        assertThat(commits.get(0).getOffsetsList()).extracting(CommittedOffset::getOffset).containsExactly(5L);

        int before = polls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= before + 5);
        // one auto-commit pending at a time: the ones due meanwhile were not queued behind it
        assertThat(commits).hasSize(1);

        heldCommits.poll().accept();
        await().atMost(Duration.ofSeconds(30)).until(() -> commits.size() >= 2);
    }

    @Test
    void aRevokedPartitionIsReleasedOnlyAfterEveryEarlierCommitLanded() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !heldCommits.isEmpty());
        Heartbeat owning = awaitHeartbeatOwning(1);

        // the coordinator takes t-0 away while the auto-commit is still on its way
        owning.answer().onNext(GroupHeartbeatResponse.newBuilder().setMemberId("m-1").setMemberEpoch(2)
                .setHeartbeatIntervalMs(REQUEST_TIMEOUT_MS).build());
        owning.answer().onCompleted();

        // the revocation's own commit waits behind the held one, and so does the release
        await().alias("nothing released while a commit is held: " + arrivals).during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> !arrivals.contains("heartbeat epoch=2 owned=0") && commits.size() == 1);

        holdCommits.set(false);
        heldCommits.poll().accept();
        await().atMost(Duration.ofSeconds(30)).until(() -> arrivals.contains("heartbeat epoch=2 owned=0"));
        int firstCommit = arrivals.indexOf("commit");
        int revokeCommit = arrivals.subList(firstCommit + 1, arrivals.size()).indexOf("commit") + firstCommit + 1;
        assertThat(revokeCommit).as("the revocation's commit, after the auto-commit: %s", arrivals).isGreaterThan(firstCommit);
        assertThat(commits.get(1).getOffsetsList()).extracting(CommittedOffset::getOffset).containsExactly(5L);
        assertThat(arrivals.indexOf("heartbeat epoch=2 owned=0")).as("release after both commits: %s", arrivals).isGreaterThan(revokeCommit);
    }

    private Heartbeat awaitHeartbeatOwning(int owned) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Heartbeat heartbeat = heldHeartbeats.poll(100, TimeUnit.MILLISECONDS);
            if (heartbeat != null && ownedCount(heartbeat.request()) == owned) {
                return heartbeat;
            }
        }
        throw new AssertionError("no heartbeat owning " + owned + " partitions: " + arrivals);
    }

    private static int ownedCount(GroupHeartbeatRequest request) {
        return request.getOwnedPartitionsList().stream().mapToInt(GroupTopicPartitions::getPartitionsCount).sum();
    }

    private final class Coordinator extends GroupCoordinatorServiceGrpc.GroupCoordinatorServiceImplBase {
        @Override
        public void heartbeat(GroupHeartbeatRequest request, StreamObserver<GroupHeartbeatResponse> answer) {
            if (request.getMemberEpoch() == -1) { // leaving, at close
                answer.onNext(GroupHeartbeatResponse.newBuilder().setMemberEpoch(-1).build());
                answer.onCompleted();
                return;
            }
            arrivals.add("heartbeat epoch=" + request.getMemberEpoch() + " owned=" + ownedCount(request));
            if (request.getMemberEpoch() == 0) { // joining: t-0 at once
                answer.onNext(GroupHeartbeatResponse.newBuilder().setMemberId("m-1").setMemberEpoch(1)
                        .setHeartbeatIntervalMs(REQUEST_TIMEOUT_MS)
                        .addAssignment(GroupTopicPartitions.newBuilder().setTopic("t").addPartitions(0)).build());
                answer.onCompleted();
                return;
            }
            heldHeartbeats.add(new Heartbeat(request, answer));
        }

        @Override
        public void fetchOffsets(FetchOffsetsRequest request, StreamObserver<FetchOffsetsResponse> answer) {
            answer.onNext(FetchOffsetsResponse.newBuilder().addOffsets(CommittedOffset.newBuilder().setTopic("t")
                    .setPartition(0).setOffset(5)).build());
            answer.onCompleted();
        }

        @Override
        public void commitOffsets(CommitOffsetsRequest request, StreamObserver<CommitOffsetsResponse> answer) {
            arrivals.add("commit");
            commits.add(request);
            Commit commit = new Commit(request, answer);
            if (holdCommits.get()) {
                heldCommits.add(commit);
            } else {
                commit.accept();
            }
        }
    }

    /** Fetches are never answered: nothing to read, so the position stays the committed 5. */
    private static final class Gateway extends GatewayServiceGrpc.GatewayServiceImplBase {
        @Override
        public void fetchPartitions(FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> answer) {
        }
    }
}
