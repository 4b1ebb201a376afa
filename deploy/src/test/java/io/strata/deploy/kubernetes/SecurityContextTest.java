package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pod runs as a non-root user with the runtime's default seccomp profile, no Kubernetes API
 * token (no service calls the API server) and no service links (Kubernetes would otherwise put
 * variables such as GATEWAY_PORT into every container); every container drops all capabilities,
 * cannot gain privileges and has a read-only root file system ({@link VolumesTest} checks the
 * writable places). Strata's services run as uid 185, the user of Quarkus's container images.
 */
class SecurityContextTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyPodRunsUnprivileged(Variant variant) {
        for (Workload workload : variant.manifests().workloads()) {
            PodSecurityContext pod = workload.pod().getSecurityContext();

            assertThat(pod.getRunAsNonRoot()).as(workload.name()).isTrue();
            assertThat(pod.getSeccompProfile().getType()).as(workload.name()).isEqualTo("RuntimeDefault");
            assertThat(workload.pod().getAutomountServiceAccountToken()).as(workload.name()).isFalse();
            assertThat(workload.pod().getEnableServiceLinks()).as(workload.name()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyContainerIsLockedDown(Variant variant) {
        for (Workload workload : variant.manifests().workloads()) {
            SecurityContext container = workload.container().getSecurityContext();

            assertThat(container.getAllowPrivilegeEscalation()).as(workload.name()).isFalse();
            assertThat(container.getReadOnlyRootFilesystem()).as(workload.name()).isTrue();
            assertThat(container.getCapabilities().getDrop()).as(workload.name()).containsExactly("ALL");
            assertThat(container.getCapabilities().getAdd()).as(workload.name()).isNullOrEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void strataServicesRunAsTheQuarkusImageUser(Variant variant) {
        for (Workload workload : variant.manifests().strataWorkloads()) {
            PodSecurityContext pod = workload.pod().getSecurityContext();

            assertThat(pod.getRunAsUser()).as(workload.name()).isEqualTo(185L);
            assertThat(pod.getRunAsGroup()).as(workload.name()).isEqualTo(185L);
        }
    }
}
