package io.strata.connector.deployment.devservices;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When Dev Services start a cluster: which channels are the connector's, which bootstrap settings count. */
class StrataDevServicesProcessorTest {

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }

    @Test
    void onlyChannelsOfTheStrataConnectorCount() {
        Config app = config(Map.of(
                "mp.messaging.incoming.prices.connector", "smallrye-strata",
                "mp.messaging.outgoing.orders-out.connector", "smallrye-strata",
                "mp.messaging.incoming.other.connector", "smallrye-kafka"));

        assertThat(StrataDevServicesProcessor.strataChannels(app))
                .containsExactly("mp.messaging.incoming.prices", "mp.messaging.outgoing.orders-out");
        assertThat(StrataDevServicesProcessor.strataChannels(config(Map.of()))).isEmpty();
    }

    @Test
    void aBootstrapForTheConnectorGloballyOrForAnyChannelMeansNoCluster() {
        Set<String> channels = Set.of("mp.messaging.incoming.prices", "mp.messaging.outgoing.orders-out");

        assertThat(StrataDevServicesProcessor.configuredBootstrap(config(Map.of()), channels)).isEmpty();
        assertThat(StrataDevServicesProcessor.configuredBootstrap(config(Map.of(
                "mp.messaging.connector.smallrye-strata.bootstrap.servers", "localhost:8080")), channels))
                .contains("mp.messaging.connector.smallrye-strata.bootstrap.servers");
        assertThat(StrataDevServicesProcessor.configuredBootstrap(config(Map.of(
                "strata.bootstrap.servers", "localhost:8080")), channels)).contains("strata.bootstrap.servers");
        assertThat(StrataDevServicesProcessor.configuredBootstrap(config(Map.of(
                "mp.messaging.outgoing.orders-out.bootstrap.servers", "localhost:8080")), channels))
                .contains("mp.messaging.outgoing.orders-out.bootstrap.servers");
        assertThat(StrataDevServicesProcessor.configuredBootstrap(config(Map.of(
                "%prod.mp.messaging.connector.smallrye-strata.bootstrap.servers", "localhost:8080")), channels))
                .as("a prod-only bootstrap leaves dev and test mode to Dev Services").isEqualTo(Optional.empty());
    }

    @Test
    void aHomeWithoutTheBuiltServicesIsRefusedNamingTheSettingAndTheJar(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertThatThrownBy(() -> StrataDevCluster.requireBuilt(empty, "STRATA_HOME"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STRATA_HOME=" + empty + " is not a built Strata installation: "
                        + empty.resolve("gateway/target/quarkus-app/quarkus-run.jar")
                        + " is missing; run ./mvnw package -DskipTests there");
    }
}
