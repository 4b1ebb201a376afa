package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.coordinator.CoordinatorTestBase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /q/health answers UP once the database is reachable (the metadata service is not required), and
 * liveness includes the event-loop check.
 */
@QuarkusTest
class HealthTest extends CoordinatorTestBase {

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(root.toString() + "q/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\": \"UP\"");
        HttpResponse<String> live = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(root.toString() + "q/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.body()).as("the event-loop liveness check runs").contains("\"name\": \"event-loops\"")
                .contains("event loops running");
    }
}
