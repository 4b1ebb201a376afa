package io.strata.api.identity;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionServiceGrpc;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpcPolicyTest {

    @Test
    void theTableClassifiesExactlyTheInternalRpcsOfTheProtoFiles() {
        Set<String> declared = new HashSet<>();
        Stream.of(MetadataServiceGrpc.getServiceDescriptor(), PartitionServiceGrpc.getServiceDescriptor(),
                        GroupCoordinatorServiceGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods).flatMap(java.util.Collection::stream)
                .map(MethodDescriptor::getFullMethodName).forEach(declared::add);
        assertThat(RpcPolicy.classified()).containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).allMatch(RpcPolicy::isInternal);
    }

    @Test
    void onlyNodesDriveTheControlPlane() {
        for (String rpc : new String[]{"RegisterNode", "Heartbeat", "ClaimController", "ElectLeaders", "AlterPartition", "AlterPartitions"}) {
            String method = RpcPolicy.METADATA + "/" + rpc;
            assertThat(RpcPolicy.refusal(method, Caller.node(1))).isEmpty();
            assertThat(RpcPolicy.refusal(method, Caller.gateway())).get().asString()
                    .isEqualTo("gateway (role gateway) may not call " + method + "; only node may");
            assertThat(RpcPolicy.refusal(method, Caller.coordinator())).isPresent();
        }
    }

    @Test
    void onlyTheServicesThatServeClientsReadOrChangeScramCredentials() {
        for (String rpc : new String[]{"UpsertScramCredential", "DeleteScramCredential", "DescribeScramCredentials"}) {
            String method = RpcPolicy.METADATA + "/" + rpc;
            assertThat(RpcPolicy.refusal(method, Caller.node(3))).isEmpty();
            assertThat(RpcPolicy.refusal(method, Caller.gateway())).isEmpty();
            assertThat(RpcPolicy.refusal(method, Caller.coordinator())).get().asString()
                    .isEqualTo("coordinator (role coordinator) may not call " + method + "; only node, gateway may");
        }
    }

    @Test
    void onlyTheGatewayAndNodesAppend() {
        String append = RpcPolicy.PARTITION + "/Append";
        assertThat(RpcPolicy.refusal(append, Caller.gateway())).isEmpty();
        assertThat(RpcPolicy.refusal(append, Caller.node(2))).isEmpty();
        assertThat(RpcPolicy.refusal(append, Caller.coordinator())).get().asString()
                .contains("only node, gateway may");
    }

    @Test
    void nobodyCreatesOrDeletesReplicasByRpcAndUnknownRpcsAreRefused() {
        assertThat(RpcPolicy.refusal(RpcPolicy.PARTITION + "/DeleteReplica", Caller.node(1))).get().asString()
                .endsWith("no role may");
        assertThat(RpcPolicy.refusal(RpcPolicy.METADATA + "/SomethingNew", Caller.node(1))).isPresent();
    }

    @Test
    void thePublicGatewayServiceIsNotInternal() {
        assertThat(RpcPolicy.isInternal("strata.v1.GatewayService/Produce")).isFalse();
        assertThat(RpcPolicy.isInternal("grpc.health.v1.Health/Check")).isFalse();
        assertThat(RpcPolicy.isInternal("nonsense")).isFalse();
    }

    @Test
    void aNodeActsOnlyAsItself() {
        Caller.node(2).checkIsNode(2, "node_id");
        assertThatThrownBy(() -> Caller.node(2).checkIsNode(1, "node_id")).isInstanceOf(StrataException.class)
                .hasMessage("node_id: node 2 may not act as node 1; a node acts only under its own id")
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
        assertThatThrownBy(() -> Caller.gateway().checkIsNode(1, "leader")).hasMessageStartingWith("leader: gateway may not");
    }
}
