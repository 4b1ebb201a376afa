package io.strata.adminui.topic;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static io.strata.adminui.ConsolePages.form;
import static org.assertj.core.api.Assertions.assertThat;

/** The topic list (search, sort, paging on the server, the state in the URL), creating and deleting topics. */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class TopicsPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void searchSortAndPagingAreDoneOnTheServerAndHeldInTheUrl() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("list-a", 1, 1);
        calls.createTopic("list-b", 3, 1);
        calls.createTopic("list-c", 2, 2);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page byName = pages.get("/topics?q=LIST-");
        assertThat(names(byName)).containsExactly("list-a", "list-b", "list-c");
        assertThat(byName.one("#topic-search").val()).isEqualTo("LIST-");
        assertThat(byName.one("#topics caption").text()).isEqualTo("Topics 1–3 of 3 whose name contains “LIST-”");
        Element b = byName.one("#topics tr[data-topic=list-b]");
        assertThat(b.select("td").eachText()).containsExactly("3", "1", "0", "0", "0");
        assertThat(b.selectFirst("a").attr("href")).isEqualTo("/topics/list-b");

        ConsolePages.Page byPartitions = pages.get(byName.one("th[aria-sort] a:contains(Partitions)").attr("href"));
        assertThat(names(byPartitions)).containsExactly("list-a", "list-c", "list-b");
        assertThat(byPartitions.one("th:has(a:contains(Partitions))").attr("aria-sort")).isEqualTo("ascending");
        ConsolePages.Page descending = pages.get(byPartitions.one("th[aria-sort] a:contains(Partitions)").attr("href"));
        assertThat(names(descending)).containsExactly("list-b", "list-c", "list-a");
        assertThat(descending.one("th:has(a:contains(Partitions))").attr("aria-sort")).isEqualTo("descending");

        ConsolePages.Page first = pages.get("/topics?q=list-&sort=replication&dir=desc&size=2");
        assertThat(names(first)).containsExactly("list-c", "list-a");
        assertThat(first.one(".pager").text()).contains("Page 1 of 2");
        ConsolePages.Page second = pages.get(first.one("a[rel=next]").attr("href"));
        assertThat(names(second)).containsExactly("list-b");
        assertThat(second.doc().select("a[rel=next]")).isEmpty();
        assertThat(second.one("a[rel=prev]").attr("href")).isEqualTo("/topics?q=list-&sort=replication&dir=desc&page=1&size=2");

        ConsolePages.Page none = pages.get("/topics?q=no-topic-has-this");
        assertThat(none.one("#empty").text()).contains("No topic name contains “no-topic-has-this”");
        assertThat(pages.get("/topics?size=501").problemDetail())
                .isEqualTo("size: must be a whole number of at least 1 and at most 500 (strata.admin-ui.max-page-size), got '501'");
    }

    @Test
    void aTopicCreatedFromTheFormIsShownWithItsPartitionsAndConfigs() throws Exception {
        ConsolePages pages = new ConsolePages(base);
        ConsolePages.Page list = pages.get("/topics");
        Element create = list.one("form#create-topic");
        assertThat(create.attr("method")).isEqualTo("post");
        assertThat(create.select("input[name], textarea[name]").eachAttr("name"))
                .containsExactly("name", "partitions", "replication_factor", "configs");

        ConsolePages.Page created = pages.postAndFollow("/topics", form("name", "made-here", "partitions", "3",
                "replication_factor", "2", "configs", "retention.ms=3600000\n\n# a comment\nsegment.ms = 600000"));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.one("#notice").text()).isEqualTo("Topic made-here created.");
        assertThat(created.doc().select("#partitions tbody tr")).hasSize(3);
        assertThat(new GatewayCalls(gateway).config("made-here", "retention.ms")).isEqualTo("3600000");
        assertThat(new GatewayCalls(gateway).config("made-here", "segment.ms")).isEqualTo("600000");
    }

    @Test
    void aRefusedCreationShowsTheGatewaysDetailAndCreatesNothing() throws Exception {
        ConsolePages pages = new ConsolePages(base);
        GatewayCalls calls = new GatewayCalls(gateway);

        ConsolePages.Page outOfRange = pages.post("/topics", form("name", "bad-retention", "partitions", "1",
                "replication_factor", "1", "configs", "retention.ms=-5"));
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.problemCode()).isEqualTo("INVALID_CONFIG");
        assertThat(outOfRange.problemDetail()).contains("retention.ms", "-5");
        assertThat(calls.topicExists("bad-retention")).isFalse();

        ConsolePages.Page badName = pages.post("/topics", form("name", "no spaces", "partitions", "", "replication_factor", "", "configs", ""), true);
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.header("HX-Retarget")).isEqualTo("#problem");
        assertThat(badName.problemCode()).isEqualTo("INVALID_TOPIC");

        ConsolePages.Page notANumber = pages.post("/topics", form("name", "nan", "partitions", "three"));
        assertThat(notANumber.problemDetail()).isEqualTo("partitions: must be a whole number, got 'three'");
        assertThat(calls.topicExists("nan")).isFalse();

        calls.createTopic("exists-already", 1, 1);
        ConsolePages.Page twice = pages.post("/topics", form("name", "exists-already"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.problemCode()).isEqualTo("TOPIC_ALREADY_EXISTS");
    }

    @Test
    void deletingNeedsTheTopicsNameTyped() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("doomed", 1, 1);
        ConsolePages pages = new ConsolePages(base);
        Element delete = pages.get("/topics/doomed").one("form#delete-topic");
        assertThat(delete.attr("action")).isEqualTo("/topics/doomed/delete");
        assertThat(delete.selectFirst("label[for=confirm-delete]").text()).isEqualTo("Type doomed to delete the topic and all its records");

        ConsolePages.Page wrong = pages.post("/topics/doomed/delete", form("confirm", "doome"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.problemDetail()).isEqualTo("confirm: type the topic's name 'doomed' to delete it; got 'doome'");
        assertThat(calls.topicExists("doomed")).isTrue();

        ConsolePages.Page deleted = pages.postAndFollow("/topics/doomed/delete", form("confirm", "doomed"));
        assertThat(deleted.one("#notice").text()).isEqualTo("Topic doomed deleted.");
        assertThat(deleted.doc().select("tr[data-topic=doomed]")).isEmpty();
        assertThat(calls.topicExists("doomed")).isFalse();
    }

    private static List<String> names(ConsolePages.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.doc().select("#topics tbody tr").eachAttr("data-topic");
    }
}
