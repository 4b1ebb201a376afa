package io.strata.cluster;

import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.postgres.PostmasterPidFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local cluster listens on 127.0.0.1 only, as {@code ./strata up} says: every TCP socket that
 * any of its processes listens on (HTTP and gRPC, the Kafka listeners, JGroups' raft and failure
 * detection sockets, PostgreSQL's postmaster and health endpoint) is bound to the loopback
 * interface, checked in the kernel's socket tables rather than in the configuration.
 */
class LocalBindingIT extends ClusterTest {

    @Test
    void everySocketOfTheLocalClusterIsOnLoopback() throws Exception {
        cluster = new TestCluster(dataDir).startCore().start("group-coordinator").start("gateway").start("admin-ui");
        ListeningSockets sockets = ListeningSockets.now();
        List<ListeningSockets.Socket> listening = new ArrayList<>();
        for (String name : ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet()) {
            if (cluster.process(name) != null) {
                List<ListeningSockets.Socket> owned = sockets.ownedBy(cluster.process(name).pid());
                assertThat(owned).as(name + " listens").isNotEmpty();
                listening.addAll(owned);
            }
        }
        PostmasterPidFile.runningPostmaster(dataDir.resolve("postgres"))
                .ifPresent(postmaster -> listening.addAll(sockets.ownedBy(postmaster.pid())));
        listening.addAll(sockets.onPort(cluster.port("postgres")));

        assertThat(listening).as("the listening sockets of the local cluster")
                .extracting(ListeningSockets.Socket::port)
                .contains(cluster.port("gateway"), cluster.port("admin-ui"), cluster.kafkaPort(1),
                        cluster.port("partition-node-2-raft"), cluster.port("postgres"), cluster.port("postgres-health"));
        assertThat(listening).as("every one on 127.0.0.1 or ::1").allMatch(ListeningSockets.Socket::isLoopbackOnly);
    }
}
