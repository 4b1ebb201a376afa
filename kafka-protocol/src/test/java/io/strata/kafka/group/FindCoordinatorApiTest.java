package io.strata.kafka.group;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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
