package io.strata.gateway.surface;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionRecords;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's FetchPartitions against a real node ({@link BackendCluster}: an open cluster, so
 * with the defaults the gateway offers the leaders): the answer names the leader of each requested
 * partition and that leader's address once, the exact address the node registered, and a
 * FetchPartitions sent there, without any credential, reads the same records as the gateway does.
 * (Not offered, by a gateway with authentication: cluster-tests' {@code GatewayAuthIT}.)
 */
@QuarkusTest
@WithTestResource(BackendCluster.class)
class FetchPartitionsLeadersTest {

    static final String RECORDS = "{\"records\":[{\"value\":\"one\"},{\"value\":\"two\"}]}";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void answersNameEachLeadersAddressOnceAndTheLeaderServesTheSameRead() throws Exception {
        Http http = new Http(gateway.toString());
        assertThat(http.post("/admin/topics", "application/json",
                "{\"name\":\"direct-read\",\"partitions\":2,\"replication_factor\":1}").status()).isEqualTo(201);
        http.post("/topics/direct-read/partitions/0", "application/vnd.kafka.json.v2+json", RECORDS).ok();
        String hostPort = gateway.getHost() + ":" + gateway.getPort();
        String nodeAddress = ConfigProvider.getConfig().getValue(BackendCluster.NODE_ADDRESS, String.class);

        FetchPartitionsRequest withUnknown = FetchPartitionsCalls.plus(FetchPartitionsCalls.fromStart("direct-read", 0, 1),
                "no-such-topic", 0);
        FetchPartitionsResponse answer = await().atMost(Duration.ofSeconds(60)).until(
                () -> FetchPartitionsCalls.gateway(hostPort, withUnknown), a -> a.getLeaders(0) >= 0 && a.getLeaders(1) >= 0);
        assertThat(answer.getLeadersList()).containsExactly(1, 1, -1);
        assertThat(answer.getLeaderAddressesMap()).containsExactlyEntriesOf(Map.of(1, nodeAddress));

        FetchPartitionsRequest partition0 = FetchPartitionsCalls.fromStart("direct-read", 0);
        FetchPartitionsResponse read = FetchPartitionsCalls.gateway(hostPort, partition0);
        assertThat(read.getLeadersList()).containsExactly(1);
        assertThat(read.getLeaderAddressesMap()).containsExactlyEntriesOf(Map.of(1, nodeAddress));
        PartitionRecords throughGateway = read.getPartitions(0);
        assertThat(throughGateway.getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
        assertThat(throughGateway.getNextOffset()).isEqualTo(2);

        FetchPartitionsResponse fromLeader = FetchPartitionsCalls.node(answer.getLeaderAddressesOrThrow(1), partition0);
        assertThat(fromLeader.getPartitionsList()).containsExactly(throughGateway);
        assertThat(fromLeader.getLeadersList()).as("a node's own answer").isEmpty();
        assertThat(fromLeader.getLeaderAddressesMap()).as("a node's own answer").isEmpty();
    }
}
