package io.strata.deploy.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.Invocation;
import io.strata.deploy.cli.args.ArgSpec;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.format.Table;

import java.time.Instant;
import java.util.List;

/**
 * {@code ./strata cluster info}: the gateway's view of the cluster ({@code /admin/cluster}): the
 * partition nodes with their state and last heartbeat, the controller, the metadata version, and
 * how many topics there are. Stateless.
 */
public final class ClusterCommand {

    public static final String USAGE = """
              cluster info                 nodes, controller, metadata version, topic count
            """;

    private ClusterCommand() {
    }

    public static void run(Invocation call, List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("info")) {
            throw CliException.usage("cluster wants the sub-command info");
        }
        Args.parse(new ArgSpec(), words.subList(1, words.size())).expectPositionals(0);
        JsonNode cluster = call.gateway().get("admin/cluster");
        int topics = call.gateway().get("admin/topics").size();
        if (call.json()) {
            ObjectNode answer = cluster.deepCopy();
            answer.put("gateway", call.gateway().base().toString()).put("topic_count", topics);
            call.printJson(answer);
            return;
        }
        JsonNode controller = cluster.path("controller");
        call.out().printf("gateway %s  metadata version %d  controller node %d (epoch %d)  topics %d%n",
                call.gateway().base(), cluster.path("metadata_version").asLong(), controller.path("node_id").asInt(),
                controller.path("controller_epoch").asLong(), topics);
        Table table = new Table("node", "address", "rack", "state", "last heartbeat");
        for (JsonNode node : cluster.path("nodes")) {
            long heartbeat = node.path("last_heartbeat_ms").asLong();
            table.row(node.path("node_id").asInt(), node.path("address").asText(), node.path("rack").asText(null),
                    node.path("state").asText(), heartbeat > 0 ? Instant.ofEpochMilli(heartbeat).toString() : null);
        }
        call.out().print(table.render());
    }
}
