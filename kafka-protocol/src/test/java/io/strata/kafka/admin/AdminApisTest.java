package io.strata.kafka.admin;

import io.strata.api.v1.NodeState;
import io.strata.kafka.api.KafkaApiHandler;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminApisTest {

    private final FakeControlPlane cluster = new FakeControlPlane()
            .withNode(1, "broker-1:9092", NodeState.NODE_STATE_UP, "")
            .withTopic("t", 1, Map.of("retention.ms", "5"));

    @Test
    void oneHandlerPerApiWithinWhatKafkaClientsKnows() {
        List<KafkaApiHandler> handlers = AdminApis.handlers(cluster);

        assertThat(handlers).extracting(KafkaApiHandler::apiKey).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DESCRIBE_CONFIGS,
                ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.DESCRIBE_CLUSTER);
        assertThat(handlers).allSatisfy(handler -> {
            assertThat(handler.minVersion()).isGreaterThanOrEqualTo(handler.apiKey().oldestVersion());
            assertThat(handler.maxVersion()).isLessThanOrEqualTo(handler.apiKey().latestVersion())
                    .isGreaterThanOrEqualTo(handler.minVersion());
        });
    }

    @Test
    void describeConfigsFitsEveryAdvertisedVersion() {
        DescribeConfigsHandler handler = new DescribeConfigsHandler(cluster, io.strata.kafka.backend.BrokerThrottles.NONE);
        for (short version = handler.minVersion(); version <= handler.maxVersion(); version++) {
            DescribeConfigsResponseData response = AdminRequests.call(handler, new DescribeConfigsRequest.Builder(
                    new DescribeConfigsRequestData().setIncludeSynonyms(true).setIncludeDocumentation(true).setResources(List.of(
                            new DescribeConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("t"),
                            new DescribeConfigsResource().setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("1")))),
                    version);
            assertThat(response.results()).as("version %d", version)
                    .allSatisfy(result -> assertThat(result.errorCode()).isEqualTo(Errors.NONE.code()));
        }
    }
}
