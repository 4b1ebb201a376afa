package io.strata.gateway.surface;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin lists at scale, against a real cluster ({@link BackendCluster}): the paged, searchable
 * topic list with its summary form, answered from the gateway's metadata view, and the total lag
 * of many groups in one call.
 */
@QuarkusTest
@WithTestResource(BackendCluster.class)
class AdminListsTest {

    @TestHTTPResource("/")
    URL gateway;

    private Http http;

    @BeforeEach
    void connect() {
        http = new Http(gateway.toString());
    }

    private void createTopic(String name, int partitions) {
        assertThat(http.post("/admin/topics", "application/json",
                "{\"name\":\"" + name + "\",\"partitions\":" + partitions + ",\"replication_factor\":1}").status()).isEqualTo(201);
    }

    @Test
    void theTopicListPagesSearchesSortsAndSummarizes() {
        createTopic("listed-a", 1);
        createTopic("listed-b", 3);
        createTopic("listed-c", 2);

        JsonNode all = http.get("/admin/topics").ok();
        assertThat(all.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        all.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).contains("listed-a", "listed-b", "listed-c").isSorted();
        all.forEach(t -> assertThat(t.has("partitions")).isTrue());

        JsonNode first = http.get("/admin/topics?q=LISTED-&sort=partitions&dir=desc&size=2&fields=summary").ok();
        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("pages").asInt()).isEqualTo(2);
        assertThat(first.get("metadata_version").asLong()).isPositive();
        assertThat(first.get("topics")).extracting(t -> t.get("name").asText()).containsExactly("listed-b", "listed-c");
        JsonNode b = first.get("topics").get(0);
        assertThat(b.has("partitions")).isFalse();
        assertThat(b.get("partitions_count").asInt()).isEqualTo(3);
        assertThat(b.get("under_replicated").asInt()).isZero();
        assertThat(b.get("offline").asInt()).isZero();

        JsonNode second = http.get("/admin/topics?q=listed-&sort=partitions&dir=desc&size=2&page=2").ok();
        assertThat(second.get("topics")).singleElement().satisfies(t -> {
            assertThat(t.get("name").asText()).isEqualTo("listed-a");
            assertThat(t.get("partitions")).hasSize(1);
        });

        Http.Answer refused = http.get("/admin/topics?sort=colour");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error_code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(refused.body().get("detail").asText()).contains("sort: unknown sort key 'colour'");
    }

    @Test
    void theLagOfManyGroupsComesInOneCallAndMatchesEachGroupsDescription() {
        createTopic("lagged", 1);
        assertThat(http.post("/topics/lagged", "application/vnd.kafka.json.v2+json",
                "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3},{\"value\":4},{\"value\":5}]}").status()).isEqualTo(200);
        reset("lag-behind", "earliest");
        reset("lag-caught-up", "latest");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode lags = http.post("/admin/groups/lag", "application/json",
                    "{\"groups\":[\"lag-behind\",\"lag-caught-up\",\"lag-nobody\"]}").ok().get("groups");
            assertThat(lags).hasSize(3);
            assertThat(lags.get(0).get("group_id").asText()).isEqualTo("lag-behind");
            assertThat(lags.get(0).get("total_lag").asLong()).isEqualTo(5).isEqualTo(describedLag("lag-behind"));
            assertThat(lags.get(0).get("partitions").asInt()).isEqualTo(1);
            assertThat(lags.get(0).get("partitions_without_lag").asInt()).isZero();
            assertThat(lags.get(1).get("total_lag").asLong()).isZero();
            assertThat(lags.get(2).get("total_lag").isNull()).isTrue();
            assertThat(lags.get(2).get("error_code").asText()).isEqualTo("GROUP_ID_NOT_FOUND");
        });

        Http.Answer refused = http.post("/admin/groups/lag", "application/json", "{\"groups\":\"lag-behind\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("detail").asText()).contains("\"groups\" must be an array");
    }

    private void reset(String group, String to) {
        assertThat(http.post("/admin/groups/" + group + "/offsets/reset", "application/json",
                "{\"to\":\"" + to + "\",\"topics\":[{\"topic\":\"lagged\",\"partitions\":[0]}]}").status()).isEqualTo(200);
    }

    private long describedLag(String group) {
        long total = 0;
        for (JsonNode offset : http.get("/admin/groups/" + group).ok().get("offsets")) {
            total += offset.get("lag").asLong();
        }
        return total;
    }
}
