package io.strata.node.log;

import io.strata.api.error.StrataException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The precedence of a replica's settings: topic override > cluster default > node setting > Kafka's default. */
class ConfigLayersTest {

    private static final LogConfig NODE = LogConfig.DEFAULTS.with(Map.of("retention.ms", "3600000", "segment.ms", "600000"));

    @Test
    void eachKeyComesFromTheHighestLayerThatSetsIt() {
        ConfigLayers layers = new ConfigLayers(NODE, Map.of("retention.ms", "60000", "retention.bytes", "1000000",
                "cleanup.policy", "compact", "min.insync.replicas", "2"));

        LogConfig config = layers.resolve(Map.of("retention.bytes", "5000"));

        assertThat(config.retentionBytes()).as("topic override beats the cluster default").isEqualTo(5000);
        assertThat(config.retentionMs()).as("cluster default beats the node setting").isEqualTo(60000);
        assertThat(config.segmentMs()).as("node setting where the cluster sets nothing").isEqualTo(600000);
        assertThat(config.segmentBytes()).as("Kafka's default where nobody sets anything").isEqualTo(1 << 30);
        assertThat(config.compacts()).isTrue();
        assertThat(layers.effective(Map.of("retention.bytes", "5000")))
                .containsEntry("min.insync.replicas", "2").containsEntry("retention.bytes", "5000");
    }

    @Test
    void withoutClusterDefaultsTheNodeSettingsApplyAsBefore() {
        assertThat(new ConfigLayers(NODE, Map.of()).resolve(Map.of())).isEqualTo(NODE);
    }

    @Test
    void clusterDefaultsTheNodeDoesNotKnowAreLeftOutAndNamed() {
        ConfigLayers layers = new ConfigLayers(NODE, Map.of("retention.ms", "60000", "some.future.key", "1"));

        assertThat(layers.resolve(Map.of()).retentionMs()).isEqualTo(60000);
        assertThat(layers.ignored()).containsExactly("some.future.key");
    }

    @Test
    void aClusterDefaultTheLogRefusesIsAnInvalidConfigNamingTheKey() {
        ConfigLayers layers = new ConfigLayers(NODE, Map.of("segment.bytes", "10"));

        assertThatThrownBy(() -> layers.resolve(Map.of())).isInstanceOf(StrataException.class)
                .hasMessageContaining("segment.bytes");
        assertThat(layers.resolve(Map.of("segment.bytes", "4096")).segmentBytes())
                .as("a topic that overrides the key is not affected").isEqualTo(4096);
    }
}
