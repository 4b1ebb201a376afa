package io.strata.coordinator.packaged;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.coordinator.CoordinatorChannel;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The packaged group coordinator as a process of its own on a real, shared PostgreSQL ({@link RealPostgres}),
 * which is all it needs to run groups (the metadata service only sharpens the lag figures): the JVM
 * jar in every build, the native executable when it is built
 * ({@code ./mvnw verify -Dnative -pl group-coordinator} where GraalVM or Mandrel is installed). It
 * must migrate the database, be alive and ready, let a member join a group and commit over gRPC,
 * and count the rebalance and the calls on {@code /q/metrics}.
 */
@QuarkusIntegrationTest
@WithTestResource(RealPostgres.class)
class PackagedCoordinatorIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String GROUP = "packaged-group";

    private static int port() {
        return Integer.getInteger("quarkus.http.test-port", 8082);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void itIsAliveAndReadyOnItsDatabase() throws Exception {
        HttpResponse<String> live = get("/q/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(live.body()).contains("\"name\": \"event-loops\"");
        HttpResponse<String> ready = get("/q/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).as("the datasource's own check").contains("Reactive PostgreSQL connections health check");
    }

    @Test
    void aMemberJoinsAndCommitsOverGrpcAndTheRebalanceIsCounted() throws Exception {
        try (CoordinatorChannel channel = new CoordinatorChannel(port())) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            GroupHeartbeatResponse member = coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(GROUP)
                    .setMemberEpoch(0).setSubscription(GroupSubscription.newBuilder().addTopicNames("orders")).build());
            assertThat(member.getMemberId()).isNotEmpty();
            coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(GROUP).setMemberId(member.getMemberId())
                    .setMemberEpoch(member.getMemberEpoch())
                    .addOffsets(CommittedOffset.newBuilder().setTopic("orders").setPartition(0).setOffset(41)).build());
            assertThat(coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(GROUP).build()).getOffsetsList())
                    .extracting(CommittedOffset::getOffset).containsExactly(41L);
            assertThat(coordinator.listGroups(ListGroupsRequest.getDefaultInstance()).getGroupsList())
                    .extracting(GroupListing::getGroupId, GroupListing::getMemberCount)
                    .contains(tuple(GROUP, 1));
        }
        // Rebalances are counted from the group epochs each metrics round samples.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> metrics = get("/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .containsPattern("(?m)^strata_coordinator_rebalances_total(\\{[^}]*\\})? [1-9]")
                    .containsPattern("grpc_server_processing_duration_seconds_count\\{[^}]*method=\"CommitOffsets\"");
        });
    }
}
