package io.strata.bench.scale;

import io.strata.bench.BenchOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleSettingsTest {

    @Test
    void partitionsAreSplitIntoTopicsOfAtMostThePerTopicCountTheLastTakingTheRest() {
        ScaleSettings settings = ScaleSettings.from(BenchOptions.parse(new String[] {"--partitions", "2500"}));

        assertThat(settings.topicNames()).hasSize(3);
        assertThat(settings.topicNames().stream().mapToInt(settings::partitionsOf)).containsExactly(1000, 1000, 500);
        assertThat(settings.replicationFactor()).isEqualTo(3);
        assertThat(settings.stateFile().getFileName()).hasToString("cluster.json");
    }

    @Test
    void anExactMultipleMakesNoEmptyTopic() {
        ScaleSettings settings = ScaleSettings.from(BenchOptions.parse(
                new String[] {"--partitions", "10000", "--partitions-per-topic", "5000"}));

        assertThat(settings.topicNames().stream().mapToInt(settings::partitionsOf)).containsExactly(5000, 5000);
    }

    @Test
    void namedTopicsOfAKeptRunMeanTheRestartStepOnly() {
        ScaleSettings settings = ScaleSettings.from(BenchOptions.parse(
                new String[] {"--partitions", "3000", "--topics", "scale-42"}));

        assertThat(settings.restartOnly()).isTrue();
        assertThat(settings.topicNames()).containsExactly("scale-42-0", "scale-42-1", "scale-42-2");
        assertThat(ScaleSettings.from(BenchOptions.parse(new String[] {"--partitions", "3000"})).restartOnly()).isFalse();
    }

    @Test
    void nonsenseIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> ScaleSettings.from(BenchOptions.parse(new String[] {"--partitions", "0"})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--partitions");
        assertThatThrownBy(() -> ScaleSettings.from(BenchOptions.parse(new String[] {"--records-per-partition", "0"})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--records-per-partition");
    }
}
