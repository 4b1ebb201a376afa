package io.strata.adminui.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicCreationTest {

    @Test
    void blankFieldsAreLeftToTheClusterDefaults() {
        assertThat(TopicCreation.parse(" orders ", "", " ", null).request().toString()).isEqualTo("{\"name\":\"orders\"}");
        assertThat(TopicCreation.parse("orders", "6", "3", "retention.ms = 1000\r\n# note\n\ncleanup.policy=compact").request().toString())
                .isEqualTo("{\"name\":\"orders\",\"partitions\":6,\"replication_factor\":3,"
                        + "\"configs\":{\"retention.ms\":\"1000\",\"cleanup.policy\":\"compact\"}}");
    }

    @Test
    void aMalformedLineOrNumberIsRefusedNamingIt() {
        assertThatThrownBy(() -> TopicCreation.parse("t", "1", "1", "retention.ms=1\nsegment.ms"))
                .hasMessage("configs, line 2: expected name=value, got 'segment.ms'");
        assertThatThrownBy(() -> TopicCreation.parse("t", "1", "1", "a=1\na=2")).hasMessage("configs, line 2: 'a' is given twice");
        assertThatThrownBy(() -> TopicCreation.parse("t", "1.5", "1", "")).hasMessage("partitions: must be a whole number, got '1.5'");
    }
}
