package io.strata.adminui.reassign;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.strata.adminui.ConsolePages.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reassignments page and the cluster page's drain form against the real cluster: a partition
 * moved from the form and watched until its replicas are the targets; bad targets (not numbers, a
 * node twice, a node that does not exist) refused with the problem shown and the partition left
 * where it was; cancelling a move that is not there; a drain refused without its typed confirmation,
 * and one the gateway refuses (a topic of replication factor 3 cannot leave one of three nodes).
 * A drain that moves data is not run here: it would move the replicas of every other test's topics.
 */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class ReassignmentsPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void aPartitionMovedFromTheFormIsWatchedUntilItsReplicasAreTheTargets() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        ConsolePages pages = new ConsolePages(base);
        calls.createTopic("moved", 1, 1);
        calls.produce("moved", 100);
        int from = replicas(calls, "moved").get(0);
        int to = from % 3 + 1;

        ConsolePages.Page empty = pages.get("/reassignments");
        assertThat(empty.one("#moving").attr("hx-trigger")).isEqualTo("every 2000ms");
        assertThat(empty.one("form#start-move").attr("method")).isEqualTo("post");

        ConsolePages.Page started = pages.postAndFollow("/reassignments", form("topic", "moved", "partition", "0", "replicas", " " + to + " "));
        assertThat(started.one("#notice").text()).isEqualTo("Move started.");
        assertThat(started.one("#watched").text()).startsWith("moved-0:");
        Awaitility.await("the move finishes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ConsolePages.Page live = pages.getHtmx("/reassignments/moving?topic=moved&partition=0");
            assertThat(live.one("#watched").attr("data-state")).isEqualTo("done");
            assertThat(live.one("#watched-replicas").text()).isEqualTo(Integer.toString(to));
        });
        assertThat(replicas(calls, "moved")).containsExactly(to);
        assertThat(pages.get("/reassignments").doc().select("#reassignments tr[data-topic=moved]")).isEmpty();
    }

    @Test
    void badTargetsAreRefusedAndThePartitionStaysWhereItWas() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        ConsolePages pages = new ConsolePages(base);
        calls.createTopic("unmoved", 1, 1);
        List<Integer> before = replicas(calls, "unmoved");

        ConsolePages.Page notNumbers = pages.post("/reassignments", form("topic", "unmoved", "partition", "0", "replicas", "1,x"));
        assertThat(notNumbers.status()).isEqualTo(400);
        assertThat(notNumbers.problemDetail()).isEqualTo("replicas: 'x' is not a whole number of 0 or more");
        ConsolePages.Page twice = pages.post("/reassignments", form("topic", "unmoved", "partition", "0", "replicas", "2 2"));
        assertThat(twice.problemDetail()).isEqualTo("replicas: node 2 is named twice in '2 2'");
        ConsolePages.Page noPartition = pages.post("/reassignments", form("topic", "unmoved", "partition", "", "replicas", "2"));
        assertThat(noPartition.problemDetail()).startsWith("partition:");

        ConsolePages.Page unknownNode = pages.post("/reassignments", form("topic", "unmoved", "partition", "0", "replicas", "99"));
        assertThat(unknownNode.status()).as(unknownNode.body()).isGreaterThanOrEqualTo(400);
        assertThat(unknownNode.problemDetail()).contains("unmoved-0").contains("99");
        ConsolePages.Page unknownTopic = pages.post("/reassignments", form("topic", "no-such-topic", "partition", "0", "replicas", "1"));
        assertThat(unknownTopic.problemDetail()).contains("no-such-topic");
        assertThat(replicas(calls, "unmoved")).isEqualTo(before);
        assertThat(calls.json("GET", "/admin/reassignments", null).path("reassignments").toString()).doesNotContain("unmoved");

        ConsolePages.Page cancel = pages.post("/reassignments/unmoved/0/cancel", form());
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.problemCode()).isEqualTo("NO_REASSIGNMENT_IN_PROGRESS");

        ConsolePages.Page watchHalf = pages.get("/reassignments?topic=unmoved");
        assertThat(watchHalf.problemDetail()).startsWith("topic and partition:");
    }

    @Test
    void aDrainNeedsTheNodesIdTypedAgainAndTheClusterPageOffersIt() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        ConsolePages pages = new ConsolePages(base);
        calls.createTopic("drain-seen", 1, 3);   // a replica on every node
        ConsolePages.Page cluster = pages.get("/cluster");
        assertThat(cluster.doc().select("form#drain-node select[name=node] option").eachAttr("value")).containsExactly("1", "2", "3");

        ConsolePages.Page mistyped = pages.post("/nodes/drain", form("node", "2", "confirm", "3"));
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(mistyped.problemDetail()).isEqualTo("confirm: type the node's id 2 to drain it; got '3'");
        assertThat(calls.json("GET", "/admin/reassignments", null).path("reassignments")).as("nothing moves").isEmpty();

        ConsolePages.Page impossible = pages.post("/nodes/drain", form("node", "2", "confirm", "2"));
        assertThat(impossible.status()).as("three replicas cannot leave one of three nodes: %s", impossible.body())
                .isGreaterThanOrEqualTo(400);
        // The planner names the first partition it cannot move: this test's topic, or another
        // three-replica topic a test before it left on the shared cluster.
        assertThat(impossible.problemDetail()).startsWith("cannot drain node 2: partition ")
                .contains("has replicas [1, 2, 3] and no other node is free to take its replica (nodes [1, 2, 3])");
        assertThat(calls.json("GET", "/admin/reassignments", null).path("reassignments")).as("nothing moves").isEmpty();

        ConsolePages.Page progress = pages.get("/reassignments?drained=2");
        assertThat(progress.one("#drain-progress").attr("data-done")).isEqualTo("false");
        assertThat(Integer.parseInt(progress.one("#drain-held").text())).isPositive();
    }

    private static List<Integer> replicas(GatewayCalls calls, String topic) throws Exception {
        List<Integer> replicas = new ArrayList<>();
        for (JsonNode id : calls.json("GET", "/admin/topics/" + topic, null).path("partitions").get(0).path("replicas")) {
            replicas.add(id.asInt());
        }
        return replicas;
    }
}
