package io.strata.bench.kafka;

import io.strata.bench.BenchOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The --target options of ./strata bench kafka, parsed and checked without connecting anywhere. */
class KafkaTargetTest {

    private static KafkaTarget parse(int replicationFactor, String... args) {
        return KafkaTarget.from(BenchOptions.parse(args), replicationFactor);
    }

    @Test
    void kafkaIsTheDefaultWithOneBrokerOfOneGibibyte() {
        assertThat(parse(1)).isEqualTo(new KafkaTarget(KafkaTarget.Server.KAFKA, null, 1, "1G"));
        assertThat(parse(3, "--target", "kafka", "--brokers", "3", "--broker-heap", "2G"))
                .isEqualTo(new KafkaTarget(KafkaTarget.Server.KAFKA, null, 3, "2G"));
    }

    @Test
    void strataDefaultsToTheListenersOfStrataUp() {
        KafkaTarget target = parse(3, "--target", "strata");

        assertThat(target.server()).isEqualTo(KafkaTarget.Server.STRATA);
        assertThat(target.bootstrapServers()).isEqualTo("127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203");
        assertThat(parse(1, "--target", "strata", "--bootstrap-servers", "localhost:19201").bootstrapServers())
                .isEqualTo("localhost:19201");
    }

    @Test
    void labelsAreTheCommandLineNames() {
        assertThat(KafkaTarget.Server.STRATA.label()).isEqualTo("strata");
        assertThat(KafkaTarget.Server.KAFKA.label()).isEqualTo("kafka");
    }

    @Test
    void refusesAnUnknownTarget() {
        assertThatThrownBy(() -> parse(1, "--target", "redpanda"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--target must be strata or kafka, got 'redpanda'");
    }

    @Test
    void refusesTheOtherTargetsOptionsByName() {
        assertThatThrownBy(() -> parse(1, "--bootstrap-servers", "127.0.0.1:9201"))
                .hasMessageStartingWith("--bootstrap-servers does not apply to --target kafka");
        assertThatThrownBy(() -> parse(1, "--target", "strata", "--brokers", "3"))
                .hasMessageStartingWith("--brokers does not apply to --target strata");
        assertThatThrownBy(() -> parse(1, "--target", "strata", "--broker-heap", "2G"))
                .hasMessageStartingWith("--broker-heap does not apply to --target strata");
    }

    @Test
    void aKafkaTargetNeedsAsManyBrokersAsTheReplicationFactor() {
        assertThatThrownBy(() -> parse(3, "--brokers", "1"))
                .hasMessage("--replication-factor 3 needs as many --brokers, got 1");
        assertThatThrownBy(() -> parse(1, "--brokers", "0")).hasMessageContaining("--brokers, got 0");
    }

    @Test
    void namesABadBootstrapAddress() {
        assertThatThrownBy(() -> parse(1, "--target", "strata", "--bootstrap-servers", "127.0.0.1:9201,127.0.0.1"))
                .hasMessage("--bootstrap-servers: '127.0.0.1' is not HOST:PORT (in '127.0.0.1:9201,127.0.0.1')");
        assertThatThrownBy(() -> parse(1, "--target", "strata", "--bootstrap-servers", "h:70000"))
                .hasMessageContaining("'h:70000' is not HOST:PORT");
        assertThatThrownBy(() -> parse(1, "--target", "strata", "--bootstrap-servers", ":9201"))
                .hasMessageContaining("':9201' is not HOST:PORT");
        assertThatThrownBy(() -> parse(1, "--target", "strata", "--bootstrap-servers", "h:1,"))
                .hasMessageContaining("'' is not HOST:PORT");
    }

    @Test
    void theBenchKnowsEveryTargetOptionAndNoLongerTheGatewaysBootstrap() {
        assertThat(KafkaBench.OPTIONS).contains("target", "bootstrap-servers", "brokers", "broker-heap", "runs")
                .doesNotContain("bootstrap", "keep");
    }
}
