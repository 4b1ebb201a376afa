package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a partition node learns who it is and where its peers are: pods numbered from 1, so pod
 * partition-node-N carries the pod-index label N and is node N (strata.node.id from that label,
 * no entrypoint script); it advertises partition-node-N.partition-node; the raft members are every
 * pod of the StatefulSet by that DNS name and the raft container port (the node refuses to start
 * when its id is not among them, so a scale-up without a longer member list fails loudly); and
 * JGroups binds to the pod's own IP rather than resolving its DNS name, which may lag at start.
 */
class PartitionNodeIdentityTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void podsAreNumberedFromOneAndStartTogether(Variant variant) {
        StatefulSetSpec spec = variant.manifests().statefulSet("partition-node").getSpec();

        assertThat(spec.getOrdinals().getStart()).isEqualTo(1);
        assertThat(spec.getPodManagementPolicy()).isEqualTo("Parallel");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theNodeIdIsThePodIndex(Variant variant) {
        EnvVar id = variant.manifests().workload("partition-node").env("STRATA_NODE_ID");

        assertThat(id.getValue()).isNull();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theNodeAdvertisesItsPodsStableDnsName(Variant variant) {
        Workload node = variant.manifests().workload("partition-node");

        assertThat(node.env("STRATA_NODE_ADVERTISED_HOST").getValue())
                .isEqualTo("partition-node-$(STRATA_NODE_ID).partition-node");
        assertThat(node.envNames().indexOf("STRATA_NODE_ID"))
                .as("a $(…) reference expands only variables defined before it")
                .isLessThan(node.envNames().indexOf("STRATA_NODE_ADVERTISED_HOST"));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theRaftMembersAreEveryPodByDnsNameAndRaftPort(Variant variant) {
        Workload node = variant.manifests().workload("partition-node");
        List<String> expected = new ArrayList<>();
        for (int id = 1; id <= node.replicas(); id++) {
            expected.add(id + "@partition-node-" + id + ".partition-node:" + node.containerPort("raft"));
        }

        assertThat(node.env("STRATA_NODE_RAFT_MEMBERS").getValue())
                .isEqualTo(String.join(",", expected))
                .isEqualTo("1@partition-node-1.partition-node:7800,2@partition-node-2.partition-node:7800,"
                        + "3@partition-node-3.partition-node:7800");
        assertThat(node.findEnv("STRATA_NODE_RAFT_PORT")).as("the port of the node's own member entry").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void jgroupsBindsToThePodIp(Variant variant) {
        EnvVar bind = variant.manifests().workload("partition-node").env("STRATA_NODE_RAFT_BIND_ADDRESS");

        assertThat(bind.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    }
}
