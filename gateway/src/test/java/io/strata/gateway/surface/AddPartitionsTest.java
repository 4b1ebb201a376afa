package io.strata.gateway.surface;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/topics/{t}/partitions} against a real cluster ({@link BackendCluster}): the
 * topic grows to the asked total, the new partitions have leaders and take records at once, and a
 * count that does not grow the topic, an unknown topic or a malformed body is refused with a
 * problem naming what was wrong, leaving the topic as it was.
 */
@QuarkusTest
@WithTestResource(BackendCluster.class)
class AddPartitionsTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void growsATopicAndRefusesWhatWouldNotGrowIt() {
        Http http = new Http(gateway.toString());
        assertThat(http.post("/admin/topics", "application/json", "{\"name\":\"grown\",\"partitions\":2,\"replication_factor\":1}")
                .status()).isEqualTo(201);

        JsonNode grown = http.post("/admin/topics/grown/partitions", "application/json", "{\"partitions_count\":5}").ok();
        assertThat(grown.get("partitions")).hasSize(5);
        assertThat(http.get("/admin/topics/grown").ok().get("partitions")).hasSize(5)
                .allSatisfy(p -> assertThat(p.get("leader").asInt()).isPositive());
        assertThat(http.post("/topics/grown/partitions/4", "application/vnd.kafka.json.v2+json", "{\"records\":[{\"value\":1}]}")
                .ok().get("offsets")).hasSize(1);

        Http.Answer notMore = http.post("/admin/topics/grown/partitions", "application/json", "{\"partitions_count\":5}");
        assertThat(notMore.status()).isEqualTo(400);
        assertThat(notMore.body().get("error_code").asText()).isEqualTo("INVALID_PARTITIONS");
        assertThat(notMore.body().get("detail").asText()).contains("total_count: 5 is not more than");
        Http.Answer unknown = http.post("/admin/topics/no-such-topic/partitions", "application/json", "{\"partitions_count\":3}");
        assertThat(unknown.status()).isEqualTo(404);
        Http.Answer missing = http.post("/admin/topics/grown/partitions", "application/json", "{\"partitions\":6}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("detail").asText()).contains("partitions");
        assertThat(http.get("/admin/topics/grown").ok().get("partitions")).hasSize(5);
    }
}
