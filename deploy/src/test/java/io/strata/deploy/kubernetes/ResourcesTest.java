package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CPU and memory requests and limits of every container, per variant, as the README's tables give
 * them; and the JVM heap as a share of the memory limit (half for partition nodes, whose page
 * cache shares the limit; 70 % for the others), so that a changed limit moves the heap with it.
 */
class ResourcesTest {

    /** requests cpu, memory; limits cpu, memory. */
    private static final Map<Variant, Map<String, List<String>>> RESOURCES = Map.of(
            Variant.BASE, Map.of(
                    "partition-node", List.of("500m", "1Gi", "2", "2Gi"),
                    "metadata-service", List.of("250m", "512Mi", "1", "1Gi"),
                    "group-coordinator", List.of("250m", "512Mi", "1", "1Gi"),
                    "gateway", List.of("500m", "512Mi", "2", "1Gi")),
            Variant.DEV, Map.of(
                    "partition-node", List.of("100m", "512Mi", "1", "768Mi"),
                    "metadata-service", List.of("100m", "256Mi", "1", "512Mi"),
                    "group-coordinator", List.of("100m", "256Mi", "1", "512Mi"),
                    "gateway", List.of("100m", "256Mi", "1", "512Mi"),
                    "postgres", List.of("100m", "256Mi", "500m", "512Mi")),
            Variant.PRODUCTION, Map.of(
                    "partition-node", List.of("2", "8Gi", "4", "8Gi"),
                    "metadata-service", List.of("500m", "1Gi", "2", "2Gi"),
                    "group-coordinator", List.of("500m", "1Gi", "2", "2Gi"),
                    "gateway", List.of("1", "1Gi", "4", "2Gi")));

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyContainerHasTheseRequestsAndLimits(Variant variant) {
        List<Workload> workloads = variant.manifests().workloads();

        assertThat(workloads).extracting(Workload::name)
                .containsExactlyInAnyOrderElementsOf(RESOURCES.get(variant).keySet());
        for (Workload workload : workloads) {
            List<String> expected = RESOURCES.get(variant).get(workload.name());
            ResourceRequirements resources = workload.container().getResources();

            assertThat(resources.getRequests()).as(workload.name() + " requests").isEqualTo(Map.of(
                    "cpu", new Quantity(expected.get(0)), "memory", new Quantity(expected.get(1))));
            assertThat(resources.getLimits()).as(workload.name() + " limits").isEqualTo(Map.of(
                    "cpu", new Quantity(expected.get(2)), "memory", new Quantity(expected.get(3))));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theHeapIsAShareOfTheMemoryLimit(Variant variant) {
        for (Workload workload : variant.manifests().strataWorkloads()) {
            String share = workload.name().equals("partition-node") ? "50" : "70";

            assertThat(workload.env("JAVA_TOOL_OPTIONS").getValue()).as(workload.name())
                    .isEqualTo("-XX:MaxRAMPercentage=" + share + " -XX:+ExitOnOutOfMemoryError");
        }
    }
}
