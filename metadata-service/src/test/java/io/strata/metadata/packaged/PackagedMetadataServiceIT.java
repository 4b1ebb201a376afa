package io.strata.metadata.packaged;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.metadata.MetadataChannel;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The packaged metadata service as a process of its own on a real PostgreSQL ({@link RealPostgres}):
 * the JVM jar in every build, the native executable when it is built
 * ({@code ./mvnw verify -Dnative -pl metadata-service} where GraalVM or Mandrel is installed). It
 * must migrate the database, be alive and ready, take a node's registration and a topic over gRPC
 * and list it, and count those calls and its controller figures on {@code /q/metrics}.
 */
@QuarkusIntegrationTest
@WithTestResource(RealPostgres.class)
class PackagedMetadataServiceIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int port() {
        return Integer.getInteger("quarkus.http.test-port", 8081);
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
    void itTakesANodeAndATopicOverGrpcAndCountsThem() throws Exception {
        try (MetadataChannel channel = new MetadataChannel(port())) {
            MetadataServiceGrpc.MetadataServiceBlockingStub metadata = channel.blocking();
            metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(1).setAddress("127.0.0.1:9101").build());
            metadata.createTopic(CreateTopicRequest.newBuilder().setName("packaged").setPartitions(2).setReplicationFactor(1).build());
            assertThat(metadata.describeTopics(DescribeTopicsRequest.getDefaultInstance()).getTopicsList())
                    .extracting(TopicDescription::getName, TopicDescription::getPartitionsCount)
                    .containsExactly(tuple("packaged", 2));
            DescribeClusterResponse cluster = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance());
            assertThat(cluster.getNodesList()).hasSize(1);
        }
        HttpResponse<String> metrics = get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("grpc_server_processing_duration_seconds_count\\{[^}]*method=\"CreateTopic\"")
                .contains("strata_metadata_controller_epoch")
                .contains("strata_metadata_leader_elections_total");
    }
}
