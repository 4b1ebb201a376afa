package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable the manifests give a Strata service is one the service reads: a
 * misspelt or stale name would be ignored without a word and the service would run on its local
 * default (127.0.0.1, an embedded database). The names each service reads come from its sources
 * ({@link ServiceSettings}); beside them only {@link #PLATFORM} is allowed. Each workload's list is
 * also pinned exactly, so an overlay cannot add one unnoticed, and every {@code $(NAME)} reference
 * names a variable set before it (Kubernetes expands nothing else).
 */
class EnvironmentNamesTest {

    /** Read by the platform every service runs on rather than by Strata's code. */
    private static final Set<String> PLATFORM = Set.of(
            // Quarkus's HTTP server (quarkus.http.host): every service listens on all interfaces.
            "QUARKUS_HTTP_HOST",
            // The JVM itself: heap size as a share of the container's memory limit.
            "JAVA_TOOL_OPTIONS");

    private static final Map<String, List<String>> NAMES = Map.of(
            "partition-node", List.of("STRATA_SECURITY_CLUSTER_SECRET",
                    "STRATA_NODE_ID", "STRATA_NODE_DATA_DIR", "STRATA_NODE_METADATA_URL",
                    "STRATA_NODE_ADVERTISED_HOST", "STRATA_NODE_RAFT_MEMBERS", "STRATA_NODE_RAFT_BIND_ADDRESS",
                    "STRATA_NODE_KAFKA_HOST", "STRATA_NODE_KAFKA_PORT", "STRATA_NODE_KAFKA_COORDINATOR_URL",
                    "QUARKUS_HTTP_HOST", "JAVA_TOOL_OPTIONS"),
            "metadata-service", List.of("STRATA_SECURITY_CLUSTER_SECRET",
                    "STRATA_DATABASE_URL", "STRATA_DATABASE_USERNAME", "STRATA_DATABASE_PASSWORD",
                    "QUARKUS_HTTP_HOST", "JAVA_TOOL_OPTIONS"),
            "group-coordinator", List.of("STRATA_SECURITY_CLUSTER_SECRET",
                    "STRATA_DATABASE_URL", "STRATA_DATABASE_USERNAME",
                    "STRATA_DATABASE_PASSWORD", "STRATA_METADATA_URL", "QUARKUS_HTTP_HOST", "JAVA_TOOL_OPTIONS"),
            "gateway", List.of("STRATA_SECURITY_CLUSTER_SECRET",
                    "STRATA_GATEWAY_METADATA_URL", "STRATA_GATEWAY_COORDINATOR_URL", "QUARKUS_HTTP_HOST",
                    "JAVA_TOOL_OPTIONS"));

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z0-9_]+)\\)");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyNameIsOneTheServiceReads(Variant variant) {
        for (Workload workload : variant.manifests().strataWorkloads()) {
            Set<String> read = new TreeSet<>(ServiceSettings.of(workload.name()).envNames());
            read.addAll(PLATFORM);

            assertThat(workload.envNames()).as(workload.name() + " sets only what it reads").isSubsetOf(read);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachServiceGetsExactlyTheseNames(Variant variant) {
        for (Workload workload : variant.manifests().strataWorkloads()) {
            assertThat(workload.envNames()).as(workload.name()).containsExactlyElementsOf(NAMES.get(workload.name()));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void referencesNameVariablesSetBeforeThem(Variant variant) {
        for (Workload workload : variant.manifests().workloads()) {
            List<EnvVar> env = workload.container().getEnv();
            for (int i = 0; i < env.size(); i++) {
                String value = env.get(i).getValue();
                Matcher reference = REFERENCE.matcher(value == null ? "" : value);
                while (reference.find()) {
                    assertThat(workload.envNames().subList(0, i)).as(workload.name() + " " + env.get(i).getName())
                            .contains(reference.group(1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void servicesFindEachOtherByTheirServicesNames(Variant variant) {
        ManifestSet manifests = variant.manifests();

        assertThat(manifests.workload("partition-node").env("STRATA_NODE_METADATA_URL").getValue())
                .isEqualTo("http://metadata-service:8081");
        assertThat(manifests.workload("partition-node").env("STRATA_NODE_KAFKA_COORDINATOR_URL").getValue())
                .isEqualTo("http://group-coordinator:8082");
        assertThat(manifests.workload("group-coordinator").env("STRATA_METADATA_URL").getValue())
                .isEqualTo("http://metadata-service:8081");
        assertThat(manifests.workload("gateway").env("STRATA_GATEWAY_METADATA_URL").getValue())
                .isEqualTo("http://metadata-service:8081");
        assertThat(manifests.workload("gateway").env("STRATA_GATEWAY_COORDINATOR_URL").getValue())
                .isEqualTo("http://group-coordinator:8082");
        for (Workload workload : manifests.strataWorkloads()) {
            assertThat(workload.env("QUARKUS_HTTP_HOST").getValue()).as(workload.name()).isEqualTo("0.0.0.0");
            workload.container().getEnv().stream()
                    .filter(e -> e.getName().endsWith("_URL") && e.getValue() != null)
                    .forEach(e -> assertNamesAServicePort(manifests, e));
        }
    }

    /** {@code http://host:port}: host is a Service of the set and port is its port. */
    private static void assertNamesAServicePort(ManifestSet manifests, EnvVar env) {
        URI url = URI.create(env.getValue());
        assertThat(manifests.service(url.getHost()).getSpec().getPorts()).as(env.getName())
                .anySatisfy(port -> assertThat(port.getPort()).isEqualTo(url.getPort()));
    }
}
