package io.strata.adminui.packaged;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged admin console as a process of its own, with no gateway to reach: the JVM jar in every
 * build, the native executable when it is built ({@code ./mvnw verify -Dnative -pl admin-ui} where
 * GraalVM or Mandrel is installed). It must start alive and ready (it holds no state: a missing
 * gateway is shown on the pages, not a reason to stop serving them), render a page that names the
 * gateway it could not reach (Qute templates and the problem page work in the image), serve its
 * static files and count its requests on {@code /q/metrics}.
 */
@QuarkusIntegrationTest
@WithTestResource(UnreachableGateway.class)
class PackagedAdminUiIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(String path) throws Exception {
        int port = Integer.getInteger("quarkus.http.test-port", 8083);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void itIsAliveAndReadyWithoutAGateway() throws Exception {
        HttpResponse<String> live = get("/q/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        HttpResponse<String> ready = get("/q/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    @Test
    void aPageNamesTheGatewayItCannotReach() throws Exception {
        HttpResponse<String> page = get("/topics");
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        Document html = Jsoup.parse(page.body());
        assertThat(html.title()).isNotBlank();
        assertThat(html.body().text()).contains("Gateway unavailable")
                .contains("cannot reach the gateway at " + UnreachableGateway.gateway);
        String script = html.select("script[src]").attr("src");
        assertThat(script).as("the layout's htmx").contains("htmx");
        assertThat(get(script).statusCode()).as("%s, a static web jar", script).isEqualTo(200);
        HttpResponse<String> metrics = get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"502\"");
    }
}
