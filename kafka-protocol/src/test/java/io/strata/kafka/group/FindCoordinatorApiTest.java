package io.strata.kafka.group;

import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FindCoordinatorApiTest {

    private static GroupRequests listener(String kafkaAddress) {
        FakeGroupCoordinator coordinator = new FakeGroupCoordinator(Map.of());
        return new GroupRequests(GroupApis.handlers(coordinator, new FakeControlPlane(kafkaAddress, Map.of())));
    }

    @Test
    void aGroupIsServedByThisNodeAtEveryVersion() {
        GroupRequests requests = listener("broker-1.example:9092");
        for (short v = ApiKeys.FIND_COORDINATOR.oldestVersion(); v < FindCoordinatorRequest.MIN_BATCHED_VERSION; v++) {
            FindCoordinatorResponse response = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setKey("my-group").setKeyType(CoordinatorType.GROUP.id())), v);
            assertThat(response.error()).as("v%s", v).isEqualTo(Errors.NONE);
            assertThat(response.data().nodeId()).isEqualTo(1);
            assertThat(response.data().host()).isEqualTo("broker-1.example");
            assertThat(response.data().port()).isEqualTo(9092);
        }
        for (short v = FindCoordinatorRequest.MIN_BATCHED_VERSION; v <= ApiKeys.FIND_COORDINATOR.latestVersion(); v++) {
            FindCoordinatorResponse response = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setCoordinatorKeys(List.of("a", "b")).setKeyType(CoordinatorType.GROUP.id())), v);
            assertThat(response.data().coordinators()).as("v%s", v).extracting(Coordinator::key).containsExactly("a", "b");
            assertThat(response.data().coordinators()).allSatisfy(c -> {
                assertThat(c.errorCode()).isZero();
                assertThat(c.nodeId()).isEqualTo(1);
                assertThat(c.host()).isEqualTo("broker-1.example");
                assertThat(c.port()).isEqualTo(9092);
            });
        }
    }

    private static NodeDescription node(int id, NodeState state) {
        return NodeDescription.newBuilder().setNodeId(id).setAddress("localhost:" + (9100 + id))
                .setKafkaAddress("broker-" + id + ".example:9092").setState(state).build();
    }

    private static int coordinatorAskedAt(int self, List<NodeDescription> nodes, String group) {
        FakeControlPlane cluster = new FakeControlPlane("", Map.of()).withNodes(self, nodes);
        GroupRequests requests = new GroupRequests(GroupApis.handlers(new FakeGroupCoordinator(Map.of()), cluster));
        FindCoordinatorResponse response = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of(group)).setKeyType(CoordinatorType.GROUP.id())), (short) 6);
        Coordinator answer = response.data().coordinators().get(0);
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(answer.host()).isEqualTo("broker-" + answer.nodeId() + ".example");
        return answer.nodeId();
    }

    /**
     * A classic member's state lives on the node that serves it: every node must name the same
     * coordinator for a group, or a member that rediscovers its coordinator lands on a node that
     * does not know it and has to join again.
     */
    @Test
    void everyNodeNamesTheSameLiveCoordinatorForAGroupAndGroupsSpreadOverTheNodes() {
        List<NodeDescription> nodes = List.of(node(1, NodeState.NODE_STATE_UP), node(2, NodeState.NODE_STATE_UP),
                node(3, NodeState.NODE_STATE_UP));
        Set<Integer> used = new HashSet<>();
        for (int g = 0; g < 30; g++) {
            String group = "group-" + g;
            int askedAt1 = coordinatorAskedAt(1, nodes, group);
            assertThat(coordinatorAskedAt(2, nodes, group)).as(group).isEqualTo(askedAt1);
            assertThat(coordinatorAskedAt(3, nodes, group)).as(group).isEqualTo(askedAt1);
            used.add(askedAt1);
        }
        assertThat(used).containsExactlyInAnyOrder(1, 2, 3);

        List<NodeDescription> twoDown = List.of(node(1, NodeState.NODE_STATE_UP), node(2, NodeState.NODE_STATE_DOWN),
                node(3, NodeState.NODE_STATE_DOWN));
        for (int g = 0; g < 30; g++) {
            assertThat(coordinatorAskedAt(3, twoDown, "group-" + g)).as("only node 1 is up").isEqualTo(1);
        }
    }

    @Test
    void transactionCoordinatorsAreRefusedWithAClearMessage() {
        GroupRequests requests = listener("localhost:9092");
        FindCoordinatorResponse batched = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("tx-1")).setKeyType(CoordinatorType.TRANSACTION.id())), (short) 6);
        Coordinator answer = batched.data().coordinators().get(0);
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(answer.errorMessage()).contains("transaction");

        FindCoordinatorResponse single = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setKey("tx-1").setKeyType(CoordinatorType.TRANSACTION.id())), (short) 3);
        assertThat(single.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(single.data().errorMessage()).isEqualTo(FindCoordinatorApi.NO_TRANSACTIONS);
    }

    @Test
    void aNodeWithoutAKafkaAddressYetIsNotAvailable() {
        GroupRequests requests = listener("");
        FindCoordinatorResponse response = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("g")).setKeyType(CoordinatorType.GROUP.id())), (short) 6);
        assertThat(Errors.forCode(response.data().coordinators().get(0).errorCode())).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        FindCoordinatorResponse v0 = requests.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                .setKey("g")), (short) 0);
        assertThat(v0.error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(Errors.COORDINATOR_NOT_AVAILABLE.exception()).isInstanceOf(org.apache.kafka.common.errors.RetriableException.class);
    }

    @Test
    void anIpv6AddressLosesItsBrackets() {
        FindCoordinatorResponse response = listener("[::1]:19092").send(new FindCoordinatorRequest.Builder(
                new FindCoordinatorRequestData().setCoordinatorKeys(List.of("g")).setKeyType(CoordinatorType.GROUP.id())), (short) 6);
        assertThat(response.data().coordinators().get(0).host()).isEqualTo("::1");
        assertThat(response.data().coordinators().get(0).port()).isEqualTo(19092);
    }
}
