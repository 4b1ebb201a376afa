package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many pods of each service run and how they are replaced. The group coordinator is one pod,
 * replaced by stopping it first (its group membership lives in memory, so two would split the
 * groups); metadata services and gateways add the new pod before removing an old one; partition
 * nodes are replaced one at a time with a pause after each is ready, for its followers to catch up.
 */
class RolloutTest {

    /** partition-node, metadata-service, group-coordinator, gateway. */
    private static final Map<Variant, List<Integer>> REPLICAS = Map.of(
            Variant.BASE, List.of(3, 2, 1, 2),
            Variant.DEV, List.of(3, 1, 1, 1),
            Variant.PRODUCTION, List.of(3, 2, 1, 3));

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachServiceRunsThisManyPods(Variant variant) {
        assertThat(variant.manifests().strataWorkloads()).extracting(Workload::replicas)
                .containsExactlyElementsOf(REPLICAS.get(variant));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theGroupCoordinatorIsStoppedBeforeItsSuccessorStarts(Variant variant) {
        Deployment coordinator = variant.manifests().get(Deployment.class, "group-coordinator");

        assertThat(coordinator.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(coordinator.getSpec().getStrategy().getRollingUpdate()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void statelessServicesStartTheNewPodFirst(Variant variant) {
        for (String service : List.of("metadata-service", "gateway")) {
            DeploymentStrategy strategy = variant.manifests().get(Deployment.class, service).getSpec().getStrategy();

            assertThat(strategy.getType()).as(service).isEqualTo("RollingUpdate");
            assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).as(service).isZero();
            assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).as(service).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void partitionNodesAreReplacedOneAtATimeWithAPause(Variant variant) {
        StatefulSetSpec spec = variant.manifests().statefulSet("partition-node").getSpec();

        assertThat(spec.getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(spec.getUpdateStrategy().getRollingUpdate()).isNull();
        assertThat(spec.getMinReadySeconds()).isEqualTo(30);
        assertThat(variant.manifests().workload("partition-node").pod().getTerminationGracePeriodSeconds())
                .isEqualTo(60L);
    }
}
