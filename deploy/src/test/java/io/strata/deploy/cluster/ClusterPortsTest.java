package io.strata.deploy.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPortsTest {

    private final Map<String, Integer> defaults = ClusterPorts.defaults(3);

    @Test
    void defaultsFollowTheDesign() {
        ClusterPorts ports = ClusterPorts.resolve(defaults, Map.of(), Map.of());

        assertThat(ports.port("postgres")).isEqualTo(5433);
        assertThat(ports.port("metadata-service")).isEqualTo(8081);
        assertThat(ports.port("partition-node-3")).isEqualTo(9103);
        assertThat(ports.port("partition-node-1-raft")).isEqualTo(7801);
        assertThat(ports.port("gateway")).isEqualTo(8080);
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverDefaults() {
        ClusterPorts ports = ClusterPorts.resolve(defaults,
                Map.of("STRATA_PORT_METADATA_SERVICE", "18081", "STRATA_PORT_PARTITION_NODE_2_RAFT", "17802"),
                Map.of("metadata-service", "28081"));

        assertThat(ports.port("metadata-service")).isEqualTo(28081);
        assertThat(ports.port("partition-node-2-raft")).isEqualTo(17802);
        assertThat(ClusterPorts.envName("partition-node-2-raft")).isEqualTo("STRATA_PORT_PARTITION_NODE_2_RAFT");
    }

    @Test
    void rejectsUnknownNamesAndBadPorts() {
        assertThatThrownBy(() -> ClusterPorts.resolve(defaults, Map.of(), Map.of("nope", "1")))
                .hasMessageContaining("unknown port name 'nope'");
        assertThatThrownBy(() -> ClusterPorts.resolve(defaults, Map.of("STRATA_PORT_GATEWAY", "70000"), Map.of()))
                .hasMessageContaining("STRATA_PORT_GATEWAY");
    }
}
