package io.strata.cluster;

import io.strata.api.v1.ControllerDescription;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waits shared by the election tests. */
final class ElectionAwaits {

    static final String JOINED = "joined the raft group";

    private ElectionAwaits() {
    }

    static String service(int node) {
        return "partition-node-" + node;
    }

    /** Waits for a controller with an epoch above {@code epoch} and returns it. */
    static ControllerDescription controllerNewerThan(MetadataProbe metadata, long epoch) {
        AtomicReference<ControllerDescription> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            ControllerDescription controller = metadata.controller();
            assertThat(controller.getControllerEpoch()).isGreaterThan(epoch);
            assertThat(controller.getNodeId()).isNotEqualTo(-1);
            seen.set(controller);
        });
        return seen.get();
    }

    /** Restarts a killed node and waits until it is healthy and has joined the raft group again. */
    static void restartAndJoin(TestCluster cluster, int node) throws IOException {
        long joinsBefore = cluster.logLinesContaining(service(node), JOINED);
        cluster.restart(service(node));
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.logLinesContaining(service(node), JOINED) > joinsBefore);
    }
}
