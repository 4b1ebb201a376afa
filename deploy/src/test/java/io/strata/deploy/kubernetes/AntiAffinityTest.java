package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partition nodes never share a Kubernetes node (one machine's loss is one raft member and one
 * replica), except in dev, where a one-machine cluster (kind, minikube) must still run all three
 * and the rule is only a preference. Metadata services and gateways prefer separate machines.
 */
class AntiAffinityTest {

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"BASE", "PRODUCTION"})
    void partitionNodesAreRequiredOnSeparateMachines(Variant variant) {
        PodAntiAffinity antiAffinity = antiAffinity(variant.manifests(), "partition-node");
        List<PodAffinityTerm> required = antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();

        assertThat(required).hasSize(1);
        assertSeparatesHosts(required.get(0), "partition-node");
        assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "DEV")
    void inDevPartitionNodesOnlyPreferSeparateMachines(Variant variant) {
        PodAntiAffinity antiAffinity = antiAffinity(variant.manifests(), "partition-node");

        assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        assertPreferredSeparateHosts(antiAffinity, "partition-node");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void metadataServicesAndGatewaysPreferSeparateMachines(Variant variant) {
        for (String service : List.of("metadata-service", "gateway")) {
            PodAntiAffinity antiAffinity = antiAffinity(variant.manifests(), service);

            assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).as(service).isNullOrEmpty();
            assertPreferredSeparateHosts(antiAffinity, service);
        }
    }

    private static PodAntiAffinity antiAffinity(ManifestSet manifests, String workload) {
        return manifests.workload(workload).pod().getAffinity().getPodAntiAffinity();
    }

    private static void assertPreferredSeparateHosts(PodAntiAffinity antiAffinity, String name) {
        List<WeightedPodAffinityTerm> preferred = antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution();
        assertThat(preferred).as(name).hasSize(1);
        assertThat(preferred.get(0).getWeight()).as(name).isEqualTo(100);
        assertSeparatesHosts(preferred.get(0).getPodAffinityTerm(), name);
    }

    private static void assertSeparatesHosts(PodAffinityTerm term, String name) {
        assertThat(term.getTopologyKey()).as(name).isEqualTo("kubernetes.io/hostname");
        assertThat(term.getLabelSelector().getMatchLabels()).as(name).isEqualTo(Map.of("app.kubernetes.io/name", name));
    }
}
