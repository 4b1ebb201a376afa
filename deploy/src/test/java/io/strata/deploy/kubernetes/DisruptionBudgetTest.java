package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Voluntary disruptions (drains, cluster upgrades) never take a raft majority of partition nodes:
 * at most one node at a time, and what remains is a majority of the StatefulSet's replicas. The
 * metadata services and gateways lose at most one pod at a time; the single group coordinator has
 * no budget, which would only block drains.
 */
class DisruptionBudgetTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void atMostOnePartitionNodeGoesAndARaftMajorityStays(Variant variant) {
        ManifestSet manifests = variant.manifests();
        PodDisruptionBudget budget = manifests.disruptionBudget("partition-node");
        int replicas = manifests.workload("partition-node").replicas();
        int maxUnavailable = budget.getSpec().getMaxUnavailable().getIntVal();

        assertThat(maxUnavailable).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(replicas - maxUnavailable).as("nodes left of " + replicas).isGreaterThanOrEqualTo(replicas / 2 + 1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(manifests.statefulSet("partition-node").getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theStatelessServicesLoseOnePodAtATime(Variant variant) {
        ManifestSet manifests = variant.manifests();
        for (String service : new String[] {"metadata-service", "gateway"}) {
            PodDisruptionBudget budget = manifests.disruptionBudget(service);

            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(service).isEqualTo(1);
            assertThat(budget.getSpec().getSelector().getMatchLabels()).as(service)
                    .isEqualTo(manifests.get(Deployment.class, service).getSpec().getSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", service));
        }
        assertThat(manifests.find(PodDisruptionBudget.class, "group-coordinator")).isEmpty();
        assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(3);
    }
}
