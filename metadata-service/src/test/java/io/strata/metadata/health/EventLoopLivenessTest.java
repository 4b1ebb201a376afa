package io.strata.metadata.health;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness includes the event-loop check, and it is up while the loops run. */
@QuarkusTest
class EventLoopLivenessTest extends MetadataServiceTestBase {

    @Test
    void livenessReportsTheEventLoops() throws Exception {
        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "q/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"name\": \"event-loops\"").contains("event loops running");
    }
}
