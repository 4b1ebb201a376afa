package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes ask what the services really serve: each service's module has SmallRye Health
 * ({@code quarkus-smallrye-health}) and keeps its default paths (no root-path or health-path
 * setting moves them), so startup, readiness and liveness are /q/health/started, /ready and /live;
 * they go to the container port named http, which is the {@code quarkus.http.port} of the
 * service's application.properties, and the Service in front forwards that same port.
 */
class ProbesTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void probesAskSmallRyeHealthsDefaultPaths(Variant variant) {
        for (Workload workload : variant.manifests().strataWorkloads()) {
            Container container = workload.container();

            assertThat(path(container.getStartupProbe())).as(workload.name()).isEqualTo("/q/health/started");
            assertThat(path(container.getReadinessProbe())).as(workload.name()).isEqualTo("/q/health/ready");
            assertThat(path(container.getLivenessProbe())).as(workload.name()).isEqualTo("/q/health/live");
            for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                    container.getLivenessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(workload.name()).isEqualTo("http");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theHttpPortIsTheServicesOwnAndItsServiceForwardsIt(Variant variant) {
        ManifestSet manifests = variant.manifests();
        for (Workload workload : manifests.strataWorkloads()) {
            int port = ServiceModule.of(workload.name()).httpPort();
            ServicePort http = manifests.service(workload.name()).getSpec().getPorts().stream()
                    .filter(p -> p.getName().equals("http")).findFirst().orElseThrow();

            assertThat(workload.containerPort("http")).as(workload.name()).isEqualTo(port);
            assertThat(http.getPort()).as(workload.name()).isEqualTo(port);
            assertThat(http.getTargetPort().getStrVal()).as(workload.name()).isEqualTo("http");
        }
        assertThat(manifests.strataWorkloads()).extracting(w -> w.containerPort("http"))
                .containsExactly(9101, 8081, 8082, 8080);
    }

    @Test
    void everyServiceHasSmallRyeHealthAtItsDefaultPaths() {
        for (String service : ManifestSet.STRATA_SERVICES) {
            ServiceModule module = ServiceModule.of(service);
            Properties properties = module.applicationProperties();

            assertThat(module.pomDeclares("quarkus-smallrye-health")).as(module.name()).isTrue();
            assertThat(properties.stringPropertyNames()).as(module.name() + " moves no health path")
                    .noneMatch(key -> key.startsWith("quarkus.smallrye-health.")
                            || key.equals("quarkus.http.root-path")
                            || key.equals("quarkus.http.non-application-root-path"));
        }
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }
}
