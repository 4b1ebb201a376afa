package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition nodes' headless Service: it gives each pod the stable DNS name the raft members
 * and the advertised addresses use (so it must govern the StatefulSet, have no cluster IP and
 * publish pods before they are ready, or raft peers could not find each other while starting),
 * and it carries the node's three ports, the same as the container's and as the node is told to
 * listen on.
 */
class HeadlessServiceTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theStatefulSetIsGovernedByAHeadlessServicePublishingPodsBeforeTheyAreReady(Variant variant) {
        ManifestSet manifests = variant.manifests();
        Service service = manifests.service("partition-node");
        StatefulSet statefulSet = manifests.statefulSet("partition-node");

        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("partition-node");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(service.getSpec().getSelector())
                .isEqualTo(statefulSet.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "partition-node"));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void itsPortsAreTheNodesHttpRaftAndKafkaPorts(Variant variant) {
        ManifestSet manifests = variant.manifests();
        Workload node = manifests.workload("partition-node");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ServicePort port : manifests.service("partition-node").getSpec().getPorts()) {
            assertThat(port.getTargetPort().getStrVal()).isEqualTo(port.getName());
            assertThat(node.containerPort(port.getName())).isEqualTo(port.getPort());
            ports.put(port.getName(), port.getPort());
        }

        assertThat(ports).containsExactly(Map.entry("http", 9101), Map.entry("raft", 7800), Map.entry("kafka", 9092));
        assertThat(node.env("STRATA_NODE_KAFKA_PORT").getValue()).isEqualTo("9092");
        assertThat(node.env("STRATA_NODE_KAFKA_HOST").getValue()).isEqualTo("0.0.0.0");
    }
}
