package io.strata.client.connection;

import io.grpc.Metadata;
import io.grpc.Status;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.client.StrataClientException;
import io.strata.client.config.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link LeaderConnections} lets a leader be read directly: the gateway's offer and its
 * withdrawal, the consumer's own settings, and how long a failed leader is read through the gateway
 * (doubling for failures in a row, back to the first wait once it answers). No call is made: a
 * channel connects on its first call only.
 */
class LeaderConnectionsTest {

    private static final GatewaySecurity OPEN = GatewaySecurity.NONE;
    private static final FetchPartitionsResponse OFFER = FetchPartitionsResponse.newBuilder().addLeaders(1).addLeaders(2)
            .putLeaderAddresses(1, "127.0.0.1:1").putLeaderAddresses(2, "127.0.0.1:2").build();

    @Test
    void aLeaderIsReadDirectlyOnlyWhileTheGatewayOffersIt() {
        try (LeaderConnections leaders = new LeaderConnections(true, OPEN, 1 << 20, 30_000)) {
            assertThat(leaders.direct(1)).as("before any offer").isNull();
            leaders.learn(OFFER);
            assertThat(leaders.direct(1)).isNotNull();
            assertThat(leaders.direct(2)).isNotNull();
            assertThat(leaders.direct(3)).as("a leader not offered").isNull();
            assertThat(leaders.direct(-1)).as("no leader").isNull();

            leaders.learn(FetchPartitionsResponse.newBuilder().build());
            assertThat(leaders.direct(1)).as("after an answer that names no leader").isNotNull();
            leaders.learn(FetchPartitionsResponse.newBuilder().addLeaders(1).build());
            assertThat(leaders.direct(1)).as("after an answer naming leaders without addresses").isNull();
            assertThat(leaders.direct(2)).isNull();
        }
    }

    @Test
    void credentialsTlsOrTheSettingOffMeanNeverDirectly() {
        GatewaySecurity withCredentials = ConsumerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:1",
                "security.username", "alice", "security.password", "secret")).security();
        for (LeaderConnections leaders : new LeaderConnections[] {new LeaderConnections(false, OPEN, 1 << 20, 30_000),
                new LeaderConnections(true, withCredentials, 1 << 20, 30_000)}) {
            try (leaders) {
                leaders.learn(OFFER);
                assertThat(leaders.direct(1)).isNull();
            }
        }
    }

    @Test
    void aFailedLeaderIsReadThroughTheGatewayLongerForEachFailureInARow() {
        try (LeaderConnections leaders = new LeaderConnections(true, OPEN, 1 << 20, 30_000)) {
            leaders.learn(OFFER);
            StrataClientException first = leaders.failure(Status.UNAVAILABLE.withDescription("Connection refused").asRuntimeException(), 1);
            assertThat(first.code()).isEqualTo(ErrorCode.NODE_NOT_AVAILABLE);
            assertThat(first.retriable()).isTrue();
            assertThat(first).hasMessage("leader 1 at 127.0.0.1:1: UNAVAILABLE (Connection refused); its partitions are read"
                    + " through the gateway for the next 30000 ms");
            assertThat(leaders.direct(1)).isNull();
            assertThat(leaders.direct(2)).as("another leader").isNotNull();

            assertThat(leaders.failure(Status.PERMISSION_DENIED.asRuntimeException(), 1)).hasMessageEndingWith("for the next 60000 ms");
            assertThat(leaders.failure(Status.UNAUTHENTICATED.asRuntimeException(), 1)).hasMessageEndingWith("for the next 120000 ms");
            for (int i = 0; i < 5; i++) {
                leaders.failure(Status.UNIMPLEMENTED.asRuntimeException(), 1);
            }
            assertThat(leaders.failure(Status.UNAVAILABLE.asRuntimeException(), 1)).as("at most 16 times")
                    .hasMessageEndingWith("for the next 480000 ms");

            leaders.answered(1);
            assertThat(leaders.failure(Status.UNAVAILABLE.asRuntimeException(), 1)).as("after an answer")
                    .hasMessageEndingWith("for the next 30000 ms");
        }
    }

    @Test
    void aLeadersOwnAnswerKeepsItsCodeAndTheLeader() {
        try (LeaderConnections leaders = new LeaderConnections(true, OPEN, 1 << 20, 30_000)) {
            leaders.learn(OFFER);
            Metadata trailers = new Metadata();
            trailers.put(GrpcErrors.ERROR_CODE_KEY, ErrorCode.INVALID_REQUEST.name());
            StrataClientException answer = leaders.failure(Status.INVALID_ARGUMENT.withDescription("max_bytes must be 0 or more")
                    .asRuntimeException(trailers), 1);
            assertThat(answer.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(answer).hasMessageContaining("max_bytes must be 0 or more");
            assertThat(leaders.direct(1)).as("still read directly").isNotNull();
        }
    }
}
