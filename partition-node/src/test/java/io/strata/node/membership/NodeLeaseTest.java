package io.strata.node.membership;

import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease against an in-memory stand-in for the metadata service's two calls: heartbeats go on
 * while the membership thread is stuck in slow disk work, the cluster id is stored on the first
 * registration and sent on later ones, and a cluster id mismatch (found by the node or by the
 * service) stops everything at once, without retry and without touching the data directory.
 */
class NodeLeaseTest {

    private static final String OURS = "Zs0bH9LzS2uGx3R8qkq0eA";
    private static final String THEIRS = "q2-wPl8kTnyXkPZs0dkL_w";
    private static final RegisterNodeRequest REGISTRATION =
            RegisterNodeRequest.newBuilder().setNodeId(1).setAddress("127.0.0.1:9101").build();

    @TempDir
    Path dataDir;
    private final ExecutorService membershipThread = Executors.newSingleThreadExecutor();
    private final CountDownLatch slowDiskDone = new CountDownLatch(1);
    private NodeLease lease;

    @AfterEach
    void stop() throws InterruptedException {
        slowDiskDone.countDown();
        membershipThread.shutdownNow();
        if (lease != null) {
            lease.close();
        }
    }

    /** The service's side: answers with {@code clusterId}, or refuses as told; counts calls. */
    private static final class Service implements NodeLease.Rpc {
        final String clusterId;
        final List<RegisterNodeRequest> registrations = new CopyOnWriteArrayList<>();
        final AtomicLong heartbeats = new AtomicLong();
        volatile RuntimeException refuseRegistration;
        volatile RuntimeException refuseHeartbeat;

        Service(String clusterId) {
            this.clusterId = clusterId;
        }

        @Override
        public RegisterNodeResponse register(RegisterNodeRequest request) {
            registrations.add(request);
            if (refuseRegistration != null) {
                throw refuseRegistration;
            }
            return RegisterNodeResponse.newBuilder().setNodeEpoch(registrations.size()).setLeaseMs(400)
                    .setHeartbeatIntervalMs(100).setClusterId(clusterId).build();
        }

        @Override
        public void heartbeat(HeartbeatRequest request) {
            if (refuseHeartbeat != null) {
                RuntimeException refusal = refuseHeartbeat;
                refuseHeartbeat = null;
                throw refusal;
            }
            heartbeats.incrementAndGet();
        }
    }

    /** Records the events; "registered" hands slow disk work to the membership thread, as MetadataFollower does. */
    private final class Recorder implements NodeLease.Events {
        final AtomicInteger registered = new AtomicInteger();
        final List<StrataException> fatal = new CopyOnWriteArrayList<>();

        @Override
        public void registered(RegisterNodeResponse response) {
            registered.incrementAndGet();
            membershipThread.execute(() -> {
                try {
                    slowDiskDone.await(60, TimeUnit.SECONDS); // e.g. recovering or deleting a large replica
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void fatal(StrataException failure) {
            fatal.add(failure);
        }
    }

    private Recorder start(Service service) {
        Recorder events = new Recorder();
        lease = new NodeLease(service, new ClusterIdentity(dataDir, 1), REGISTRATION, "service X", 50, events);
        lease.start();
        return events;
    }

    @Test
    void heartbeatsGoOnWhileTheMembershipThreadIsStuckInSlowDiskWork() {
        Service service = new Service(OURS);
        Recorder events = start(service);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.registered.get() == 1);

        // The membership thread is now blocked; a lease of 400 ms needs a heartbeat every 100 ms.
        long before = service.heartbeats.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> service.heartbeats.get() >= before + 10);
        assertThat(slowDiskDone.getCount()).isEqualTo(1);
        assertThat(lease.registered()).isTrue();
        assertThat(events.fatal).isEmpty();
    }

    @Test
    void theFirstRegistrationStoresTheClusterIdAndLaterOnesSendIt() throws IOException {
        Service service = new Service(OURS);
        Recorder events = start(service);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.registered.get() == 1);
        assertThat(service.registrations.get(0).getClusterId()).isEmpty();
        assertThat(MetaProperties.read(dataDir)).contains(MetaProperties.of(OURS, 1));

        service.refuseHeartbeat = GrpcErrors.toStatus(new StrataException(ErrorCode.STALE_NODE_EPOCH, "lease ran out"));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.registered.get() == 2);
        assertThat(service.registrations.get(1).getClusterId()).isEqualTo(OURS);
        assertThat(events.fatal).isEmpty();
    }

    @Test
    void aServiceOfAnotherClusterStopsTheLeaseForGoodAndChangesNoFile() throws IOException {
        MetaProperties.of(OURS, 1).write(dataDir);
        byte[] before = Files.readAllBytes(dataDir.resolve("meta.properties"));
        Service service = new Service(THEIRS);

        Recorder events = start(service);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.fatal.size() == 1);
        StrataException failure = events.fatal.get(0);
        assertThat(failure.code()).isEqualTo(ErrorCode.INCONSISTENT_CLUSTER_ID);
        assertThat(failure.getMessage()).contains(dataDir.toString(), OURS, THEIRS);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> service.registrations.size() == 1 && service.heartbeats.get() == 0);
        assertThat(events.registered.get()).isZero();
        assertThat(lease.registered()).isFalse();
        assertThat(Files.readAllBytes(dataDir.resolve("meta.properties"))).isEqualTo(before);
    }

    @Test
    void aRegistrationTheServiceRefusesForItsClusterIdIsFinalToo() throws IOException {
        MetaProperties.of(OURS, 1).write(dataDir);
        Service service = new Service(THEIRS);
        service.refuseRegistration = GrpcErrors.toStatus(new StrataException(ErrorCode.INCONSISTENT_CLUSTER_ID,
                "cluster_id: node 1's data directory belongs to cluster " + OURS));

        Recorder events = start(service);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.fatal.size() == 1);
        assertThat(events.fatal.get(0).code()).isEqualTo(ErrorCode.INCONSISTENT_CLUSTER_ID);
        assertThat(events.fatal.get(0).getMessage()).contains(dataDir.toString(), "service X refused it",
                "cluster_id: node 1's data directory belongs to cluster " + OURS);
        assertThat(service.registrations.get(0).getClusterId()).isEqualTo(OURS);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> service.registrations.size() == 1);
    }

    @Test
    void otherRegistrationFailuresAreRetried() {
        Service service = new Service(OURS);
        service.refuseRegistration = GrpcErrors.toStatus(new StrataException(ErrorCode.NODE_NOT_AVAILABLE, "starting"));
        Recorder events = start(service);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.registrations.size() >= 3);
        service.refuseRegistration = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> events.registered.get() == 1);
        assertThat(events.fatal).isEmpty();
    }
}
