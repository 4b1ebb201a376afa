package io.strata.deploy.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scan that tells which settings a service reads ({@link SettingNames}, {@link ServiceSettings}):
 * the environment-name check of the manifests is only as good as this list.
 */
class ServiceSettingsTest {

    @Test
    void aConfigMappingGivesOneKeyPerMethodWithNestedGroupsUnderTheirMethodsName() {
        String source = """
                /** Settings {@code {unbalanced} in a comment. */
                @ConfigMapping(prefix = "strata.test")
                public interface TestConfig {
                    /** The URL, e.g. {@code http://x:1}. */
                    @WithDefault("http://127.0.0.1:8081/{")
                    String metadataUrl();

                    Optional<Integer> advertisedPort();

                    Map<String, String> topicDefaults();

                    Listener listener();

                    default int twice() { return 2; }

                    interface Listener {
                        @WithDefault("9092")
                        int port();

                        Duration requestTimeout();
                    }
                }
                """;

        assertThat(SettingNames.in("TestConfig.java", source)).containsExactly(
                "strata.test.metadata-url", "strata.test.advertised-port", "strata.test.topic-defaults",
                "strata.test.listener.port", "strata.test.listener.request-timeout");
    }

    @Test
    void configPropertiesAndConfigSourceFactoryKeysAreRead() {
        String injected = """
                class Client {
                    @ConfigProperty(name = "strata.metadata-url")
                    Optional<String> metadataUrl;
                    private static final String METRIC = "strata.client.requests";
                }
                """;
        String factory = """
                public abstract class DbFactory implements ConfigSourceFactory {
                    static final String URL = "strata.database.url";
                }
                """;

        assertThat(SettingNames.in("Client.java", injected)).containsExactly("strata.metadata-url");
        assertThat(SettingNames.in("DbFactory.java", factory)).containsExactly("strata.database.url");
    }

    @Test
    void renamedKeysAreRefusedRatherThanReadWrong() {
        String source = """
                @ConfigMapping(prefix = "strata.test")
                interface TestConfig {
                    @WithName("other")
                    int port();
                }
                """;

        assertThatThrownBy(() -> SettingNames.in("TestConfig.java", source))
                .hasMessage("TestConfig.java uses @WithName or @WithParentName, which this scan does not follow");
    }

    @Test
    void theServicesSettingsComeFromTheirModulesAndTheModulesTheyDependOn() {
        assertThat(ServiceSettings.of("partition-node").envNames()).contains("STRATA_NODE_ID",
                "STRATA_NODE_RAFT_MEMBERS", "STRATA_NODE_RAFT_BIND_ADDRESS", "STRATA_NODE_KAFKA_COORDINATOR_URL",
                "QUARKUS_HTTP_PORT").doesNotContain("STRATA_DATABASE_URL");
        assertThat(ServiceSettings.of("metadata-service").envNames()).contains("STRATA_DATABASE_URL",
                "STRATA_DATABASE_USERNAME", "STRATA_DATABASE_PASSWORD", "STRATA_METADATA_LEASE");
        assertThat(ServiceSettings.of("group-coordinator").envNames()).contains("STRATA_DATABASE_URL",
                "STRATA_METADATA_URL", "STRATA_COORDINATOR_SESSION_TIMEOUT");
        assertThat(ServiceSettings.of("gateway").envNames()).contains("STRATA_GATEWAY_METADATA_URL",
                "STRATA_GATEWAY_COORDINATOR_URL").doesNotContain("STRATA_NODE_ID", "STRATA_METADATA_URL");
    }

    @Test
    void envNamesAreQuarkussMapping() {
        assertThat(ServiceSettings.envName("strata.node.raft.bind-address")).isEqualTo("STRATA_NODE_RAFT_BIND_ADDRESS");
        assertThat(ServiceSettings.envName("strata.metadata-url")).isEqualTo("STRATA_METADATA_URL");
    }
}
