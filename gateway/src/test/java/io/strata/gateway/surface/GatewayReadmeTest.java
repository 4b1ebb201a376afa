package io.strata.gateway.surface;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the gateway README's curl examples of the REST Proxy v2 / Strimzi Bridge surface verbatim
 * (only the address changed) against this gateway in front of a real cluster, and checks the
 * answers the README shows. Shares {@link RestSurfaceTest}'s application and cluster.
 */
@QuarkusTest
@WithTestResource(BackendCluster.class)
class GatewayReadmeTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void theReadmesRestProxyAndBridgeExamplesWorkAsWritten() throws Exception {
        String address = gateway.getHost() + ":" + gateway.getPort();
        List<String> outputs = ReadmeBlock.after("The same in the REST Proxy v2 / Strimzi Bridge shapes").runAgainst(address);
        assertThat(outputs.subList(0, 8)).noneMatch(output -> output.contains("error_code"));
        assertThat(outputs.get(1)).contains("\"clicks\"");
        assertThat(outputs.get(2)).contains("\"name\":\"clicks\"", "\"in_sync\":");
        assertThat(outputs.get(5)).isEqualTo("{\"beginning_offset\":0,\"end_offset\":2}");
        assertThat(outputs.get(6)).isEqualTo("{\"brokers\":[1]}");   // one node here; ./strata up runs three
        assertThat(outputs.get(7)).isEqualTo("200\n");
        assertThat(outputs.get(8)).startsWith("{").contains("\"openapi\"");

        assertThat(ReadmeBlock.after("one `Warning` header").runAgainst(address))
                .singleElement().asString().containsIgnoringCase("Warning: 299 - \"ignored: fetch.min.bytes\"");

        Http http = new Http(gateway.toString());
        http.post("/admin/topics", "application/json", "{\"name\":\"orders\",\"partitions\":1,\"replication_factor\":1}").ok();
        http.post("/topics/orders", "application/vnd.kafka.json.v2+json", "{\"records\":[{\"value\":{\"amount\":42}}]}").ok();
        List<String> bridge = ReadmeBlock.after("A Bridge-style instance").runAgainst(address);
        assertThat(bridge).noneMatch(output -> output.contains("error_code"));
        assertThat(bridge.get(0)).contains("\"instance_id\":\"a1\"");
        assertThat(bridge.get(2)).contains("\"amount\":42");
    }
}
