package io.strata.deploy.cli.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.Invocation;
import io.strata.deploy.cli.args.ArgSpec;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.format.Table;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./strata group list|describe|reset}: consumer groups through {@code /admin/groups}.
 * {@code reset} always asks the gateway for a dry run first and shows it (partition, current
 * committed offset, new offset); only with {@code --execute} does it then apply the same reset and
 * show what was stored. The gateway refuses a reset while the group has members. Stateless.
 */
public final class GroupCommand {

    public static final String USAGE = """
              group list
              group describe GROUP        state, members and their partitions, committed offsets and lag
              group reset GROUP --topic T[:P,P...] --to earliest|latest|offset:N|time:MS|ISO-8601 [--execute]
                           shows the new offsets (dry run); --execute applies them (group must be empty)
            """;

    private GroupCommand() {
    }

    public static void run(Invocation call, List<String> words) {
        if (words.isEmpty()) {
            throw CliException.usage("group wants a sub-command: list, describe or reset");
        }
        List<String> rest = words.subList(1, words.size());
        switch (words.get(0)) {
            case "list" -> list(call, Args.parse(new ArgSpec(), rest).expectPositionals(0));
            case "describe" -> describe(call, Args.parse(new ArgSpec(), rest).expectPositionals(1).positional(0, "the group id"));
            case "reset" -> reset(call, Args.parse(new ArgSpec().option("--topic", "-t").option("--to").flag("--execute"), rest)
                    .expectPositionals(1));
            default -> throw CliException.usage("unknown group sub-command '" + words.get(0) + "' (list, describe, reset)");
        }
    }

    private static void list(Invocation call, Args args) {
        JsonNode groups = call.gateway().get("admin/groups");
        if (call.json()) {
            call.printJson(groups);
            return;
        }
        Table table = new Table("group", "state", "members");
        groups.forEach(g -> table.row(g.path("group_id").asText(), g.path("state").asText(), g.path("member_count").asInt()));
        call.out().print(table.isEmpty() ? "no groups\n" : table.render());
    }

    private static void describe(Invocation call, String group) {
        JsonNode description = describeJson(call, group);
        if (call.json()) {
            call.printJson(description);
            return;
        }
        call.out().printf("group %s  state %s  epoch %d  members %d%n", description.path("group_id").asText(),
                description.path("state").asText(), description.path("group_epoch").asInt(), description.path("members").size());
        Table table = new Table("topic", "partition", "committed", "log end", "lag", "member");
        for (JsonNode p : description.path("offsets")) {
            table.row(p.path("topic").asText(), p.path("partition").asInt(), p.path("committed_offset").asLong(),
                    p.path("log_end_offset").asLong(), p.path("lag").asLong(), p.path("member_id").asText(null));
        }
        call.out().print(table.isEmpty() ? "no committed offsets\n" : table.render());
        Table members = new Table("member", "epoch", "state", "partitions");
        for (JsonNode m : description.path("members")) {
            members.row(m.path("member_id").asText(), m.path("member_epoch").asInt(), m.path("state").asText(),
                    partitions(m.path("assignment")));
        }
        if (!members.isEmpty()) {
            call.out().print(members.render());
        }
    }

    private static JsonNode describeJson(Invocation call, String group) {
        return call.gateway().get("admin/groups/" + GatewayClient.segment(group));
    }

    private static void reset(Invocation call, Args args) {
        String group = args.positional(0, "the group id");
        ObjectNode body = ResetSpec.body(args.option("--to").orElseThrow(() -> CliException.usage("group reset wants --to")),
                args.all("--topic"));
        String path = "admin/groups/" + GatewayClient.segment(group) + "/offsets/reset";
        Map<String, Long> current = committed(describeJson(call, group));
        JsonNode planned = call.gateway().post(path, GatewayClient.JSON, body.deepCopy().put("dry_run", true));
        boolean execute = args.flag("--execute");
        JsonNode applied = execute ? call.gateway().post(path, GatewayClient.JSON, body.put("dry_run", false)) : null;
        if (call.json()) {
            ObjectNode answer = GatewayClient.mapper().createObjectNode().put("group", group).put("executed", execute);
            answer.set("offsets", (execute ? applied : planned).path("offsets"));
            call.printJson(answer);
            return;
        }
        Table table = new Table("topic", "partition", "current", "new");
        for (JsonNode o : (execute ? applied : planned).path("offsets")) {
            String key = o.path("topic").asText() + "/" + o.path("partition").asInt();
            table.row(o.path("topic").asText(), o.path("partition").asInt(), current.get(key), o.path("offset").asLong());
        }
        call.out().print(table.render());
        call.out().println(execute ? "reset applied to group " + group
                : "dry run: nothing changed; add --execute to apply (the group must have no members)");
    }

    private static Map<String, Long> committed(JsonNode description) {
        Map<String, Long> committed = new HashMap<>();
        for (JsonNode p : description.path("offsets")) {
            committed.put(p.path("topic").asText() + "/" + p.path("partition").asInt(), p.path("committed_offset").asLong());
        }
        return committed;
    }

    private static String partitions(JsonNode assignment) {
        StringBuilder text = new StringBuilder();
        assignment.forEach(p -> text.append(text.isEmpty() ? "" : ",").append(p.path("topic").asText()).append('/')
                .append(p.path("partition").asInt()));
        return text.isEmpty() ? "-" : text.toString();
    }
}
