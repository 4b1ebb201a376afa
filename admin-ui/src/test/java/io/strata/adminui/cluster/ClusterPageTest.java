package io.strata.adminui.cluster;

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

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster page against the real cluster: three nodes, one controller, the partition counts. */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class ClusterPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void showsEveryNodeTheControllerAndThePartitionCounts() throws Exception {
        new GatewayCalls(gateway).createTopic("cluster-page", 4, 3);
        ConsolePages.Page page = new ConsolePages(base).get("/cluster");

        assertThat(page.status()).isEqualTo(200);
        List<Element> nodes = page.doc().select("#nodes tbody tr");
        assertThat(nodes).extracting(n -> n.attr("data-node")).containsExactly("1", "2", "3");
        assertThat(nodes).allSatisfy(n -> assertThat(n.select("td").get(0).text()).isEqualTo("UP"));
        assertThat(nodes.stream().filter(n -> n.text().contains("(controller)"))).hasSize(1);
        assertThat(page.one("#controller").text()).containsPattern("Controller: node \\d \\(controller epoch \\d+\\)")
                .contains("gateway " + gateway + " ready");
        int partitions = Integer.parseInt(page.one("#count-partitions .value").text());
        assertThat(partitions).isGreaterThanOrEqualTo(4);
        assertThat(page.one("#count-nodes .value").text()).isEqualTo("3");
        assertThat(page.one("#count-under-replicated .value").text()).isEqualTo("0");
        assertThat(page.one("#count-offline .value").text()).isEqualTo("0");
        // every replica of the RF-3 topic is on a node: each node holds at least its 4
        assertThat(nodes).allSatisfy(n -> assertThat(Integer.parseInt(n.select("td").get(5).text())).isGreaterThanOrEqualTo(4));
        int led = nodes.stream().mapToInt(n -> Integer.parseInt(n.select("td").get(4).text())).sum();
        assertThat(led).isEqualTo(partitions);

        List<Element> health = page.doc().select("#health tbody tr");
        assertThat(health).extracting(h -> h.attr("data-service"))
                .containsExactly("gateway", "partition-node 1", "partition-node 2", "partition-node 3");
        assertThat(health).allSatisfy(h -> assertThat(h.attr("data-status")).isEqualTo("UP"));
        assertThat(health.get(0).selectFirst("a").attr("href")).isEqualTo(gateway.replaceAll("/$", "") + "/q/health/ready");
    }
}
