package io.strata.kafka.admin;

import io.strata.api.v1.NodeState;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeClusterHandlerTest {

    private final FakeControlPlane cluster = new FakeControlPlane()
            .withNode(1, "broker-1:9092", NodeState.NODE_STATE_UP, "rack-a")
            .withNode(2, "[::1]:9093", NodeState.NODE_STATE_UP, "")
            .withNode(3, "", NodeState.NODE_STATE_UP, "")
            .withNode(4, "broker-4:9092", NodeState.NODE_STATE_DOWN, "");
    private final DescribeClusterHandler handler = new DescribeClusterHandler(cluster);

    @Test
    void listsTheUpNodesWithAListener() {
        cluster.controllerId = 2;
        DescribeClusterResponseData response = describe(new DescribeClusterRequestData(), (short) 0);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.clusterId()).isEqualTo(cluster.clusterId());
        assertThat(response.controllerId()).isEqualTo(2);
        assertThat(response.clusterAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        List<DescribeClusterBroker> brokers = List.copyOf(response.brokers());
        assertThat(brokers).extracting(DescribeClusterBroker::brokerId).containsExactly(1, 2);
        assertThat(brokers.get(0).host()).isEqualTo("broker-1");
        assertThat(brokers.get(0).port()).isEqualTo(9092);
        assertThat(brokers.get(0).rack()).isEqualTo("rack-a");
        assertThat(brokers.get(1).host()).isEqualTo("::1");
        assertThat(brokers.get(1).rack()).isNull();
    }

    @Test
    void anUnreachableOrUnknownControllerIsReplacedByThisNode() {
        cluster.controllerId = -1;
        assertThat(describe(new DescribeClusterRequestData(), (short) 1).controllerId()).isEqualTo(cluster.localNodeId);
        cluster.controllerId = 3;
        assertThat(describe(new DescribeClusterRequestData(), (short) 1).controllerId()).isEqualTo(cluster.localNodeId);
    }

    @Test
    void fencedBrokersAndAuthorizedOperationsWhenAsked() {
        DescribeClusterResponseData response = describe(new DescribeClusterRequestData()
                .setIncludeFencedBrokers(true).setIncludeClusterAuthorizedOperations(true), (short) 2);

        assertThat(response.brokers()).extracting(DescribeClusterBroker::brokerId).containsExactly(1, 2, 4);
        assertThat(response.brokers().find(4).isFenced()).isTrue();
        assertThat(response.brokers().find(1).isFenced()).isFalse();
        assertThat(response.clusterAuthorizedOperations()).isNotEqualTo(Integer.MIN_VALUE).isPositive();
        assertThat(response.endpointType()).isEqualTo(EndpointType.BROKER.id());
    }

    @Test
    void theControllerEndpointTypeIsRefused() {
        DescribeClusterResponseData response = describe(new DescribeClusterRequestData()
                .setEndpointType(EndpointType.CONTROLLER.id()), (short) 1);

        assertThat(response.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        assertThat(response.errorMessage()).isEqualTo("this is a broker endpoint, but the request asks for endpoint type CONTROLLER");
    }

    private DescribeClusterResponseData describe(DescribeClusterRequestData data, short version) {
        return AdminRequests.call(handler, new DescribeClusterRequest.Builder(data), version);
    }
}
