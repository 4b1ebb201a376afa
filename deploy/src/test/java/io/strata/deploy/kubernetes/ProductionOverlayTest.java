package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production overlay as kustomize renders it: exactly the base's objects (PostgreSQL and its
 * Secret are external: nothing here creates or overrides them), and pods spread over zones —
 * strictly for partition nodes, so that a zone's loss costs at most one raft member more than its
 * share; as a preference for metadata services and gateways; not at all for the single coordinator.
 */
class ProductionOverlayTest {

    @Test
    void itHoldsExactlyTheBasesObjects() {
        assertThat(Variant.PRODUCTION.manifests().kindsAndNames())
                .containsExactlyInAnyOrderElementsOf(Variant.BASE.manifests().kindsAndNames());
        assertThat(Variant.PRODUCTION.manifests().secrets()).isEmpty();
    }

    @Test
    void partitionNodesAreSpreadStrictlyOverZones() {
        assertThat(spread("partition-node")).singleElement()
                .satisfies(constraint -> assertZoneSpread(constraint, "partition-node", "DoNotSchedule"));
    }

    @Test
    void metadataServicesAndGatewaysPreferToSpreadOverZones() {
        for (String service : List.of("metadata-service", "gateway")) {
            assertThat(spread(service)).as(service).singleElement()
                    .satisfies(constraint -> assertZoneSpread(constraint, service, "ScheduleAnyway"));
        }
        assertThat(spread("group-coordinator")).isNullOrEmpty();
    }

    private static List<TopologySpreadConstraint> spread(String workload) {
        return Variant.PRODUCTION.manifests().workload(workload).pod().getTopologySpreadConstraints();
    }

    private static void assertZoneSpread(TopologySpreadConstraint constraint, String name, String whenUnsatisfiable) {
        assertThat(constraint.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(constraint.getMaxSkew()).isEqualTo(1);
        assertThat(constraint.getWhenUnsatisfiable()).isEqualTo(whenUnsatisfiable);
        assertThat(constraint.getLabelSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", name));
    }
}
