package io.strata.gateway.rest;

import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PreferredLeaderResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreferredLeaderJsonTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noBodyMeansEveryPartitionAndTheToolsFileNamesSome() {
        assertThat(PreferredLeaderJson.request(new byte[0]).getPartitionsCount()).isZero();
        assertThat(PreferredLeaderJson.request(bytes("  ")).getPartitionsCount()).isZero();
        ElectPreferredLeadersRequest some = PreferredLeaderJson.request(
                bytes("{\"partitions\":[{\"topic\":\"orders\",\"partition\":0},{\"topic\":\"orders\",\"partition\":2}]}"));
        assertThat(some.getPartitionsList()).extracting(p -> p.getTopic() + "-" + p.getPartition())
                .containsExactly("orders-0", "orders-2");
    }

    @Test
    void badBodiesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> PreferredLeaderJson.request(bytes("{\"partitions\":[]}")))
                .hasMessageContaining("send no body to elect every partition");
        assertThatThrownBy(() -> PreferredLeaderJson.request(bytes("{\"partitions\":[{\"topic\":\"t\"}]}")))
                .hasMessageContaining("partitions[0] needs \"topic\" (a string) and \"partition\" (an integer)");
        assertThatThrownBy(() -> PreferredLeaderJson.request(bytes("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[1]}]}")))
                .hasMessageContaining("replicas");
    }

    @Test
    void resultsCarryKafkasCodeNamesOrNullWhenElected() {
        Map<String, Object> body = PreferredLeaderJson.results(ElectPreferredLeadersResponse.newBuilder().setMetadataVersion(7)
                .addResults(PreferredLeaderResult.newBuilder().setTopic("t").setPartition(0))
                .addResults(PreferredLeaderResult.newBuilder().setTopic("t").setPartition(1)
                        .setErrorCode(ErrorCode.ELECTION_NOT_NEEDED).setErrorMessage("already leads")).build());
        assertThat(body).containsEntry("metadata_version", 7L);
        List<Object> codes = ((List<?>) body.get("results")).stream().map(r -> (Object) ((Map<?, ?>) r).get("error_code")).toList();
        assertThat(codes).containsExactly(null, "ELECTION_NOT_NEEDED");
    }
}
