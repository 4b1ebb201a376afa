package io.strata.api.metadata;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MetadataWatcher} against a scripted metadata service on a loopback port: the test plays
 * the server's side of each subscription and checks what the watcher asks for and publishes.
 */
class MetadataWatcherTest {

    private static final Duration RETRY = Duration.ofMillis(50);
    private static final long WAIT_MS = 10_000;

    /** One WatchMetadata call the watcher made: where it asked to start, and the server's end of it. */
    private record Call(long fromVersion, ServerCallStreamObserver<WatchMetadataResponse> stream) {
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final BlockingQueue<ClusterMetadata> published = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> listenerThreads = new LinkedBlockingQueue<>();
    private Server server;
    private ManagedChannel channel;
    private MetadataWatcher watcher;

    @BeforeEach
    void startServer() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new MetadataServiceGrpc.MetadataServiceImplBase() {
                    @Override
                    public void watchMetadata(WatchMetadataRequest request, StreamObserver<WatchMetadataResponse> stream) {
                        calls.add(new Call(request.getFromVersion(), (ServerCallStreamObserver<WatchMetadataResponse>) stream));
                    }
                }).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        watcher = new MetadataWatcher(MetadataServiceGrpc.newStub(channel), RETRY, view -> {
            listenerThreads.add(Thread.currentThread().getName());
            published.add(view);
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        watcher.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Call nextCall() throws InterruptedException {
        Call call = calls.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(call).as("a WatchMetadata call").isNotNull();
        return call;
    }

    private ClusterMetadata nextView() throws InterruptedException {
        ClusterMetadata view = published.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(view).as("a published view").isNotNull();
        return view;
    }

    /** The cancellation reaches the server a moment after the watcher sends it. */
    private static void awaitCancelled(Call call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!call.stream().isCancelled() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(call.stream().isCancelled()).as("the call from version %d cancelled", call.fromVersion()).isTrue();
    }

    private static WatchMetadataResponse snapshot(long version, String... topics) {
        MetadataSnapshot.Builder snapshot = MetadataSnapshot.newBuilder().setVersion(version);
        for (String topic : topics) {
            snapshot.addTopics(TopicDescription.newBuilder().setName(topic).setTopicId(topic + "-id"));
        }
        return WatchMetadataResponse.newBuilder().setSnapshot(snapshot).build();
    }

    private static WatchMetadataResponse topicCreated(long version, String topic) {
        return WatchMetadataResponse.newBuilder().setChange(MetadataChange.newBuilder().setVersion(version)
                .setTopic(TopicDescription.newBuilder().setName(topic).setTopicId(topic + "-id"))).build();
    }

    @Test
    void followsTheStreamResubscribesOnAGapAndResumesAfterTheStreamEnds() throws Exception {
        assertThat(watcher.current().initialized()).isFalse();
        watcher.start();

        Call first = nextCall();
        assertThat(first.fromVersion()).isZero();
        first.stream().onNext(snapshot(5, "a"));
        ClusterMetadata view = nextView();
        assertThat(view.version()).isEqualTo(5);
        assertThat(view.topics()).containsOnlyKeys("a");
        assertThat(watcher.current()).isSameAs(view);
        assertThat(listenerThreads.poll()).isEqualTo("strata-metadata-watch");

        first.stream().onNext(topicCreated(6, "b"));
        assertThat(nextView().topics()).containsOnlyKeys("a", "b");
        first.stream().onNext(topicCreated(6, "b")); // already applied: not published again
        first.stream().onNext(topicCreated(8, "d")); // a gap: the watcher drops this stream for a snapshot

        Call second = nextCall();
        assertThat(second.fromVersion()).isZero();
        awaitCancelled(first);
        second.stream().onNext(snapshot(8, "a", "b", "c", "d"));
        assertThat(nextView().version()).isEqualTo(8);
        second.stream().onNext(snapshot(8, "a", "b", "c", "d")); // the version already published: not again
        second.stream().onCompleted();

        Call third = nextCall();
        assertThat(third.fromVersion()).as("resumes from the last applied version").isEqualTo(8);
        third.stream().onNext(topicCreated(9, "e"));
        assertThat(nextView().version()).as("the repeated snapshot was not published").isEqualTo(9);
        third.stream().onError(Status.UNAVAILABLE.withDescription("metadata service restarting").asRuntimeException());

        Call fourth = nextCall();
        assertThat(fourth.fromVersion()).isEqualTo(9);
        fourth.stream().onNext(snapshot(2, "fresh")); // a replaced store's history: followed, though older
        view = nextView();
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.topics()).containsOnlyKeys("fresh");

        watcher.close();
        awaitCancelled(fourth);
        assertThat(calls.poll(3 * RETRY.toMillis(), TimeUnit.MILLISECONDS)).as("no subscription after close").isNull();
        assertThat(published).isEmpty();
    }

    @Test
    void publishesTheFirstSnapshotAndThenOnlyOtherVersions() {
        ClusterMetadata emptyCluster = new ClusterMetadata(0, true, Map.of(), Map.of(),
                ClusterMetadata.EMPTY.controller());
        assertThat(MetadataWatcher.shouldPublish(ClusterMetadata.EMPTY, emptyCluster)).isTrue();
        assertThat(MetadataWatcher.shouldPublish(emptyCluster, emptyCluster)).isFalse();
        ClusterMetadata later = new ClusterMetadata(3, true, Map.of(), Map.of(),
                ClusterMetadata.EMPTY.controller());
        assertThat(MetadataWatcher.shouldPublish(emptyCluster, later)).isTrue();
        assertThat(MetadataWatcher.shouldPublish(later, emptyCluster)).as("a restarted history").isTrue();
    }
}
