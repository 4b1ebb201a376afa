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
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaFetchPartition;
import io.strata.api.v1.ReplicaFetchPartitionData;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
import io.strata.node.log.EpochEndOffset;
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
    private ReplicaFetcher fetcher;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        leaderReplicas = ReplicaManager.open(leaderDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), LEADER, false, 100);
        followerReplicas = ReplicaManager.open(followerDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), FOLLOWER, false, 100);
        server = ServerBuilder.forPort(0).addService(PartitionServiceGrpc.bindService(new LeaderService(leaderReplicas))).build().start();
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
     * Answers follower fetches as the node's gRPC service does, straight from the leader's
     * replicas. An {@code AsyncService}, not a {@code BindableService}: Quarkus would take a
     * bindable one in the test classes for the node's own service in {@code @QuarkusTest}s.
     */
    private static final class LeaderService implements PartitionServiceGrpc.AsyncService {

        private final ReplicaManager replicas;

        LeaderService(ReplicaManager replicas) {
            this.replicas = replicas;
        }

        @Override
        public void offsetForLeaderEpoch(OffsetForLeaderEpochRequest request,
                                         StreamObserver<OffsetForLeaderEpochResponse> response) {
            try {
                Replica replica = replicas.get(new TopicPartition(request.getTopic(), request.getPartition()));
                replica.leaderState();
                EpochEndOffset end = replica.log().endOffsetForEpoch(request.getLastFetchedEpoch());
                response.onNext(OffsetForLeaderEpochResponse.newBuilder().setEpoch(end.epoch())
                        .setEndOffset(end.endOffset()).build());
                response.onCompleted();
            } catch (RuntimeException e) {
                response.onError(GrpcErrors.toStatus(e));
            }
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
