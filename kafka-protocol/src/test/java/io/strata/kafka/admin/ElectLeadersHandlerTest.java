package io.strata.kafka.admin;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PreferredLeaderResult;
import io.strata.kafka.election.ElectLeadersHandler;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ElectLeaders through the wire format: PREFERRED forwards the listed partitions (none listed:
 * all) to the metadata service and answers per partition with Kafka's codes after awaiting the
 * change's version; UNCLEAN is refused naming why; a failed call answers every partition with its code.
 */
class ElectLeadersHandlerTest {

    private final FakeControlPlane cluster = new FakeControlPlane();
    private final List<ElectPreferredLeadersRequest> forwarded = new ArrayList<>();

    private ElectLeadersHandler handler(ElectPreferredLeadersResponse answer) {
        return new ElectLeadersHandler(cluster, request -> {
            forwarded.add(request);
            return CompletableFuture.completedFuture(answer);
        });
    }

    private static PreferredLeaderResult result(String topic, int partition, ErrorCode code) {
        return PreferredLeaderResult.newBuilder().setTopic(topic).setPartition(partition).setErrorCode(code)
                .setErrorMessage(code.name() + " here").build();
    }

    @Test
    void preferredElectionsAreAnsweredPerPartitionWithKafkasCodes() {
        ElectPreferredLeadersResponse answer = ElectPreferredLeadersResponse.newBuilder().setMetadataVersion(10)
                .addResults(result("t", 0, ErrorCode.ERROR_CODE_UNSPECIFIED))
                .addResults(result("t", 1, ErrorCode.ELECTION_NOT_NEEDED))
                .addResults(result("t", 2, ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE)).build();
        ElectLeadersResponseData response = AdminRequests.call(handler(answer), new ElectLeadersRequest.Builder(
                ElectionType.PREFERRED, Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
                new TopicPartition("t", 2)), 30_000), (short) 2);

        assertThat(forwarded).singleElement().satisfies(r -> assertThat(r.getPartitionsCount()).isEqualTo(3));
        assertThat(cluster.awaited).containsExactly(10L);
        assertThat(response.replicaElectionResults()).singleElement().satisfies(topic -> assertThat(topic.partitionResult())
                .extracting(p -> p.partitionId() + ":" + Errors.forCode(p.errorCode()))
                .containsExactly("0:NONE", "1:ELECTION_NOT_NEEDED", "2:PREFERRED_LEADER_NOT_AVAILABLE"));
    }

    @Test
    void noPartitionsListedMeansEveryPartition() {
        AdminRequests.call(handler(ElectPreferredLeadersResponse.newBuilder().setMetadataVersion(10).build()),
                new ElectLeadersRequest.Builder(ElectionType.PREFERRED, null, 30_000), (short) 2);
        assertThat(forwarded).singleElement().satisfies(r -> assertThat(r.getPartitionsCount()).isZero());
    }

    @Test
    void uncleanIsRefusedNamingWhyWithoutCallingTheService() {
        ElectLeadersResponseData response = AdminRequests.call(handler(null), new ElectLeadersRequest.Builder(
                ElectionType.UNCLEAN, Set.of(new TopicPartition("t", 0)), 30_000), (short) 2);
        assertThat(forwarded).isEmpty();
        assertThat(response.replicaElectionResults().get(0).partitionResult().get(0)).satisfies(p -> {
            assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(p.errorMessage()).contains("unclean.leader.election.enable");
        });
    }

    @Test
    void aFailedCallAnswersEveryListedPartitionWithItsCode() {
        ElectLeadersHandler failing = new ElectLeadersHandler(cluster, request -> CompletableFuture.failedFuture(
                new StrataException(ErrorCode.REQUEST_TIMED_OUT, "metadata service: deadline exceeded")));
        ElectLeadersResponseData response = AdminRequests.call(failing, new ElectLeadersRequest.Builder(
                ElectionType.PREFERRED, Set.of(new TopicPartition("t", 0)), 30_000), (short) 2);
        assertThat(Errors.forCode(response.replicaElectionResults().get(0).partitionResult().get(0).errorCode()))
                .isEqualTo(Errors.REQUEST_TIMED_OUT);
    }
}
