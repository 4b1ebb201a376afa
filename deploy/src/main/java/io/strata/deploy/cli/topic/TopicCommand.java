package io.strata.deploy.cli.topic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.Invocation;
import io.strata.deploy.cli.args.ArgSpec;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.format.Table;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./strata topic create|list|describe|alter|delete}: topics through the gateway's
 * {@code /admin/topics}. {@code create} and {@code alter} print the topic as {@code describe} does.
 * Stateless.
 */
public final class TopicCommand {

    public static final String USAGE = """
              topic create NAME [--partitions N] [--replication-factor N] [--config K=V]...
              topic list
              topic describe NAME          partitions: leader, epoch, replicas, ISR, log start, high watermark; configs
              topic alter NAME [--partitions N] [--config K=V]... [--delete-config K]...
                                           --partitions: the new total (more than now; keys may move)
              topic delete NAME
            """;

    private TopicCommand() {
    }

    public static void run(Invocation call, List<String> words) {
        if (words.isEmpty()) {
            throw CliException.usage("topic wants a sub-command: create, list, describe, alter or delete");
        }
        List<String> rest = words.subList(1, words.size());
        switch (words.get(0)) {
            case "create" -> create(call, Args.parse(new ArgSpec().option("--partitions", "-p")
                    .option("--replication-factor", "-r").option("--config", "-c"), rest).expectPositionals(1));
            case "list" -> list(call, Args.parse(new ArgSpec(), rest).expectPositionals(0));
            case "describe" -> describe(call, Args.parse(new ArgSpec(), rest).expectPositionals(1).positional(0, "the topic name"));
            case "alter" -> alter(call, Args.parse(new ArgSpec().option("--config", "-c").option("--delete-config")
                    .option("--partitions", "-p"), rest).expectPositionals(1));
            case "delete" -> delete(call, Args.parse(new ArgSpec(), rest).expectPositionals(1).positional(0, "the topic name"));
            default -> throw CliException.usage("unknown topic sub-command '" + words.get(0)
                    + "' (create, list, describe, alter, delete)");
        }
    }

    private static void create(Invocation call, Args args) {
        ObjectNode body = GatewayClient.mapper().createObjectNode().put("name", args.positional(0, "the topic name"));
        if (args.option("--partitions").isPresent()) {
            body.put("partitions", (int) args.number("--partitions", 1, Integer.MAX_VALUE, 1));
        }
        if (args.option("--replication-factor").isPresent()) {
            body.put("replication_factor", (int) args.number("--replication-factor", 1, Short.MAX_VALUE, 1));
        }
        ObjectNode configs = body.putObject("configs");
        args.assignments("--config").forEach(configs::put);
        JsonNode created = call.gateway().post("admin/topics", GatewayClient.JSON, body);
        printTopic(call, created, "created topic ");
    }

    private static void list(Invocation call, Args args) {
        JsonNode topics = call.gateway().get("admin/topics");
        if (call.json()) {
            call.printJson(topics);
            return;
        }
        Table table = new Table("topic", "partitions", "replication", "configs");
        for (JsonNode topic : topics) {
            table.row(topic.path("name").asText(), topic.path("partitions").size(), topic.path("replication_factor").asInt(),
                    configs(topic.path("configs")));
        }
        call.out().print(table.isEmpty() ? "no topics\n" : table.render());
    }

    private static void describe(Invocation call, String name) {
        printTopic(call, call.gateway().get("admin/topics/" + GatewayClient.segment(name)), "");
    }

    private static void alter(Invocation call, Args args) {
        String name = args.positional(0, "the topic name");
        Map<String, String> set = args.assignments("--config");
        List<String> delete = args.all("--delete-config");
        boolean grow = args.option("--partitions").isPresent();
        if (set.isEmpty() && delete.isEmpty() && !grow) {
            throw CliException.usage("topic alter wants --partitions N, --config K=V or --delete-config K (nothing to change)");
        }
        if (grow) {
            ObjectNode count = GatewayClient.mapper().createObjectNode()
                    .put("partitions_count", (int) args.number("--partitions", 1, Integer.MAX_VALUE, 1));
            call.gateway().post("admin/topics/" + GatewayClient.segment(name) + "/partitions", GatewayClient.JSON, count);
        }
        if (!set.isEmpty() || !delete.isEmpty()) {
            ObjectNode body = GatewayClient.mapper().createObjectNode();
            ObjectNode configs = body.putObject("configs");
            set.forEach(configs::put);
            delete.forEach(body.putArray("delete")::add);
            call.gateway().put("admin/topics/" + GatewayClient.segment(name) + "/configs", body);
        }
        printTopic(call, call.gateway().get("admin/topics/" + GatewayClient.segment(name)), "altered topic ");
    }

    private static void delete(Invocation call, String name) {
        call.gateway().delete("admin/topics/" + GatewayClient.segment(name));
        if (call.json()) {
            call.printJson(GatewayClient.mapper().createObjectNode().put("deleted", name));
        } else {
            call.out().println("deleted topic " + name);
        }
    }

    private static void printTopic(Invocation call, JsonNode topic, String heading) {
        if (call.json()) {
            call.printJson(topic);
            return;
        }
        call.out().printf("%s%s  id %s  replication %d  configs: %s%n", heading, topic.path("name").asText(),
                topic.path("topic_id").asText("-"), topic.path("replication_factor").asInt(),
                configs(topic.path("configs")));
        Table table = new Table("partition", "leader", "epoch", "replicas", "isr", "log start", "high watermark");
        for (JsonNode p : topic.path("partitions")) {
            table.row(p.path("partition").asInt(), p.path("leader").asInt(), p.path("leader_epoch").asInt(),
                    ints(p.path("replicas")), ints(p.path("isr")), orDash(p.get("log_start_offset")),
                    orDash(p.get("high_watermark")));
        }
        call.out().print(table.render());
    }

    private static String configs(JsonNode configs) {
        List<String> pairs = new ArrayList<>();
        configs.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        return pairs.isEmpty() ? "-" : String.join(",", pairs);
    }

    private static String ints(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }

    private static String orDash(JsonNode value) {
        return value == null || value.isNull() ? "-" : value.asText();
    }
}
