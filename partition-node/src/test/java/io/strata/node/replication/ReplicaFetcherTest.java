package io.strata.node.replication;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.OffsetForLeaderEpochRequest;
import io.strata.api.v1.OffsetForLeaderEpochResponse;
import io.strata.api.v1.OffsetsForLeaderEpochsRequest;
import io.strata.api.v1.OffsetsForLeaderEpochsResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaFetchPartition;
import io.strata.api.v1.ReplicaFetchPartitionData;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
import io.strata.node.log.EpochEndOffset;
import io.strata.node.rpc.LeaderEpochEnds;
import io.strata.node.log.LogConfig;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.TestBatchesAccess;
import io.strata.node.replica.LeaderState;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.ReplicaRole;
import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A follower's fetcher against a leader served over real gRPC (the leader's replicas are real;
 * the service in front of them answers as the node's does): one partition that fails does not
 * stop the others, backs off, is counted, and recovers.
 */
class ReplicaFetcherTest {

    private static final int LEADER = 2;
    private static final int FOLLOWER = 1;
    private static final TopicPartition HEALTHY = new TopicPartition("t", 0);
    private static final TopicPartition FAILING = new TopicPartition("t", 1);

    @TempDir
    Path leaderDir;
    @TempDir
    Path followerDir;
    private ReplicaManager leaderReplicas;
    private ReplicaManager followerReplicas;
    private Server server;
    private LeaderService leaderService;
    private ReplicaFetcher fetcher;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        leaderReplicas = ReplicaManager.open(leaderDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), LEADER, false, 100);
        followerReplicas = ReplicaManager.open(followerDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), FOLLOWER, false, 100);
        leaderService = new LeaderService(leaderReplicas);
        server = ServerBuilder.forPort(0).addService(PartitionServiceGrpc.bindService(leaderService)).build().start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (fetcher != null) {
            fetcher.stop();
        }
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        followerReplicas.close();
        leaderReplicas.close();
    }

    private Replica lead(TopicPartition id) throws IOException {
        leaderReplicas.create(id, "id", Map.of());
        Replica replica = leaderReplicas.get(id);
        replica.becomeLeader(new LeaderState(LEADER, 1, 0, List.of(LEADER, FOLLOWER), Set.of(LEADER, FOLLOWER), 0,
                System.currentTimeMillis()));
        return replica;
    }

    private Replica follow(TopicPartition id) throws IOException {
        followerReplicas.create(id, "id", Map.of());
        Replica replica = followerReplicas.get(id);
        replica.becomeFollower(LEADER, 1);
        return replica;
    }

    private double failures(String error) {
        Counter counter = metrics.find("strata.node.replica.fetch.failures").tags("scope", "partition", "error", error).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void onePartitionThatFailsBacksOffAloneWhileTheOthersAreCopied() throws IOException {
        Replica leaderOfHealthy = lead(HEALTHY);
        leaderOfHealthy.append(TestBatchesAccess.batch(), false, 1000);
        leaderOfHealthy.append(TestBatchesAccess.batch(), false, 1000);
        Replica healthy = follow(HEALTHY);
        Replica failing = follow(FAILING); // the leader holds no replica of it yet

        fetcher = new ReplicaFetcher(LEADER, "127.0.0.1:" + server.getPort(), followerReplicas,
                new ReplicaFetcher.Settings(100, 1 << 20, Duration.ofMillis(50), Duration.ofSeconds(1)), metrics,
                io.strata.api.tls.InternalChannels.plaintext().forTarget("127.0.0.1:" + server.getPort()));
        fetcher.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.log().logEndOffset() == 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> failures("UNKNOWN_TOPIC_OR_PARTITION") >= 2);
        assertThat(((ReplicaRole.Following) failing.role()).truncated()).isFalse();
        assertThat(healthy.log().read(0, 100_000).records()).isEqualTo(leaderOfHealthy.log().read(0, 100_000).records());

        Replica leaderOfFailing = lead(FAILING);
        leaderOfFailing.append(TestBatchesAccess.batch(), false, 1000);
        leaderOfHealthy.append(TestBatchesAccess.batch(), false, 1000);

        await().atMost(Duration.ofSeconds(30)).until(() -> failing.log().logEndOffset() == 3
                && healthy.log().logEndOffset() == 9);
        assertThat(failing.log().read(0, 100_000).records()).isEqualTo(leaderOfFailing.log().read(0, 100_000).records());
    }

    /**
     * Each of {@code count} partitions: the leader wrote one batch at epoch 1 and one at epoch 2;
     * the follower led epoch 1 itself for a while and wrote three batches there, of which only the
     * first reached the leader. Returns the followers.
     */
    private List<Replica> divergedPartitions(int count) throws IOException {
        List<Replica> followers = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            TopicPartition id = new TopicPartition("d", p);
            Replica leader = lead(id);
            leader.append(TestBatchesAccess.batch(), false, 1000);
            leader.becomeLeader(new LeaderState(LEADER, 2, 1, List.of(LEADER, FOLLOWER), Set.of(LEADER, FOLLOWER), 0,
                    System.currentTimeMillis()));
            leader.append(TestBatchesAccess.batch(), false, 1000);

            followerReplicas.create(id, "id", Map.of());
            Replica follower = followerReplicas.get(id);
            follower.becomeLeader(new LeaderState(FOLLOWER, 1, 0, List.of(FOLLOWER, LEADER), Set.of(FOLLOWER), 0,
                    System.currentTimeMillis()));
            for (int b = 0; b < 3; b++) {
                follower.append(TestBatchesAccess.batch(), false, 1000);
            }
            follower.becomeFollower(LEADER, 2);
            followers.add(follower);
        }
        return followers;
    }

    private void startFetcher() {
        fetcher = new ReplicaFetcher(LEADER, "127.0.0.1:" + server.getPort(), followerReplicas,
                new ReplicaFetcher.Settings(100, 1 << 20, Duration.ofMillis(50), Duration.ofSeconds(1)), metrics,
                io.strata.api.tls.InternalChannels.plaintext().forTarget("127.0.0.1:" + server.getPort()));
        fetcher.start();
    }

    private void assertTruncatedAndCaughtUp(List<Replica> followers) {
        await().atMost(Duration.ofSeconds(60)).until(() -> followers.stream().allMatch(f -> f.log().logEndOffset() == 6));
        for (Replica follower : followers) {
            Replica leader = leaderReplicas.get(follower.id());
            assertThat(follower.log().read(3, 100_000).records()).as(follower.id() + ": its epoch-1 tail cut at 3, "
                    + "the leader's epoch-2 batch copied").isEqualTo(leader.log().read(3, 100_000).records());
            assertThat(follower.log().endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 3));
        }
    }

    @Test
    void newFollowersOfOneLeaderAskWhereTheirEpochsEndInOneCall() throws IOException {
        List<Replica> followers = divergedPartitions(50);

        startFetcher();

        assertTruncatedAndCaughtUp(followers);
        assertThat(leaderService.batchedEpochCalls.get()).as("one round trip for 50 partitions").isEqualTo(1);
        assertThat(leaderService.singleEpochCalls.get()).isZero();
    }

    @Test
    void aLeaderOfAnOlderVersionIsAskedOnePartitionAtATime() throws IOException {
        leaderService.olderVersion = true;
        List<Replica> followers = divergedPartitions(5);

        startFetcher();

        assertTruncatedAndCaughtUp(followers);
        assertThat(leaderService.singleEpochCalls.get()).isEqualTo(5);
    }

    /**
     * Answers follower fetches as the node's gRPC service does, straight from the leader's
     * replicas. An {@code AsyncService}, not a {@code BindableService}: Quarkus would take a
     * bindable one in the test classes for the node's own service in {@code @QuarkusTest}s.
     */
    private static final class LeaderService implements PartitionServiceGrpc.AsyncService {

        private final ReplicaManager replicas;
        final AtomicInteger singleEpochCalls = new AtomicInteger();
        final AtomicInteger batchedEpochCalls = new AtomicInteger();
        /** Answer OffsetsForLeaderEpochs UNIMPLEMENTED, as a node of an older version does. */
        volatile boolean olderVersion;

        LeaderService(ReplicaManager replicas) {
            this.replicas = replicas;
        }

        @Override
        public void offsetForLeaderEpoch(OffsetForLeaderEpochRequest request,
                                         StreamObserver<OffsetForLeaderEpochResponse> response) {
            singleEpochCalls.incrementAndGet();
            try {
                EpochEndOffset end = endOf(request);
                response.onNext(OffsetForLeaderEpochResponse.newBuilder().setEpoch(end.epoch())
                        .setEndOffset(end.endOffset()).build());
                response.onCompleted();
            } catch (RuntimeException e) {
                response.onError(GrpcErrors.toStatus(e));
            }
        }

        @Override
        public void offsetsForLeaderEpochs(OffsetsForLeaderEpochsRequest request,
                                           StreamObserver<OffsetsForLeaderEpochsResponse> response) {
            if (olderVersion) {
                response.onError(io.grpc.Status.UNIMPLEMENTED.asRuntimeException());
                return;
            }
            batchedEpochCalls.incrementAndGet();
            OffsetsForLeaderEpochsResponse answer = LeaderEpochEnds.eachAnswered(request, this::endOf);
            response.onNext(answer);
            response.onCompleted();
        }

        private EpochEndOffset endOf(OffsetForLeaderEpochRequest request) {
            Replica replica = replicas.get(new TopicPartition(request.getTopic(), request.getPartition()));
            if (replica.leaderState().leaderEpoch() != request.getCurrentLeaderEpoch()) {
                throw new StrataException(io.strata.api.v1.ErrorCode.FENCED_LEADER_EPOCH, "asked at "
                        + request.getCurrentLeaderEpoch());
            }
            return replica.log().endOffsetForEpoch(request.getLastFetchedEpoch());
        }

        @Override
        public void replicaFetch(ReplicaFetchRequest request, StreamObserver<ReplicaFetchResponse> response) {
            List<CompletableFuture<Void>> changes = new ArrayList<>();
            ReplicaFetchResponse answer = read(request, changes);
            if (answer.getPartitionsList().stream().allMatch(p -> p.getRecords().isEmpty() && p.getErrorValue() == 0)) {
                try {
                    CompletableFuture.anyOf(changes.toArray(CompletableFuture[]::new))
                            .get(request.getMaxWaitMs(), TimeUnit.MILLISECONDS);
                    answer = read(request, new ArrayList<>());
                } catch (Exception timedOut) {
                    // nothing new: answer empty
                }
            }
            response.onNext(answer);
            response.onCompleted();
        }

        private ReplicaFetchResponse read(ReplicaFetchRequest request, List<CompletableFuture<Void>> changes) {
            ReplicaFetchResponse.Builder answer = ReplicaFetchResponse.newBuilder();
            for (ReplicaFetchPartition partition : request.getPartitionsList()) {
                ReplicaFetchPartitionData.Builder data = ReplicaFetchPartitionData.newBuilder()
                        .setTopic(partition.getTopic()).setPartition(partition.getPartition());
                try {
                    Replica replica = replicas.get(new TopicPartition(partition.getTopic(), partition.getPartition()));
                    changes.add(replica.nextChange().toCompletableFuture());
                    LogReadResult read = replica.readForFollower(request.getReplicaId(), partition.getFetchOffset(),
                            partition.getLeaderEpoch(), request.getMaxBytesPerPartition());
                    data.setRecords(UnsafeByteOperations.unsafeWrap(read.records())).setHighWatermark(replica.highWatermark())
                            .setLogStartOffset(read.logStartOffset()).setLogEndOffset(read.logEndOffset());
                } catch (StrataException e) {
                    data.setError(e.code()).setErrorMessage(e.getMessage());
                }
                answer.addPartitions(data);
            }
            return answer.build();
        }
    }
}
