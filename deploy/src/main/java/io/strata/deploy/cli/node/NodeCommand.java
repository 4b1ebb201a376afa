package io.strata.deploy.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;
import io.strata.deploy.cli.Invocation;
import io.strata.deploy.cli.args.ArgSpec;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.format.Table;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./strata node drain N}: asks the gateway to move every replica off node N
 * ({@code POST /admin/nodes/N/drain}, which plans the targets evenly over the other nodes and
 * submits them as one reassignment), prints the plan, then the progress every
 * {@value #POLL_SECONDS} s ({@code GET /admin/reassignments}) until none of the drained partitions
 * is moving, at most {@value #MAX_WAIT_MINUTES} minutes (then it fails, the moves go on). With
 * {@code --no-wait} it returns after submitting. Stateless.
 */
public final class NodeCommand {

    public static final String USAGE = """
              node drain N [--no-wait]     move every replica off node N onto the others, printing progress until done
            """;
    static final int POLL_SECONDS = 2;
    static final int MAX_WAIT_MINUTES = 60;

    private NodeCommand() {
    }

    public static void run(Invocation call, List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("drain")) {
            throw CliException.usage("node wants the sub-command drain");
        }
        boolean noWait = words.contains("--no-wait");
        List<String> rest = words.subList(1, words.size()).stream().filter(w -> !w.equals("--no-wait")).toList();
        Args.parse(new ArgSpec(), rest).expectPositionals(1);
        int node;
        try {
            node = Integer.parseInt(rest.get(0));
        } catch (NumberFormatException e) {
            throw CliException.usage("node drain wants a node id, got '" + rest.get(0) + "'");
        }
        JsonNode plan = call.gateway().post("admin/nodes/" + node + "/drain", "application/json", null);
        if (call.json() && noWait) {
            call.printJson(plan);
            return;
        }
        Table moves = new Table("topic", "partition", "new replicas", "error");
        Set<String> drained = new HashSet<>();
        JsonNode results = plan.path("results");
        for (int i = 0; i < plan.path("moves").size(); i++) {
            JsonNode move = plan.path("moves").get(i);
            JsonNode result = results.path(i);
            moves.row(move.path("topic").asText(), move.path("partition").asInt(), move.path("replicas").toString(),
                    result.path("error_code").asText(null));
            drained.add(move.path("topic").asText() + "-" + move.path("partition").asInt());
        }
        call.err().printf("node %d: %d partitions to move%n", node, drained.size());
        call.err().print(moves.render());
        if (!noWait) {
            await(call, drained);
        }
        if (call.json()) {
            call.printJson(plan);
        } else {
            call.out().printf("node %d holds no replica%n", node);
        }
    }

    private static void await(Invocation call, Set<String> drained) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(MAX_WAIT_MINUTES);
        while (true) {
            int moving = 0;
            for (JsonNode one : call.gateway().get("admin/reassignments").path("reassignments")) {
                if (drained.contains(one.path("topic").asText() + "-" + one.path("partition").asInt())) {
                    moving++;
                }
            }
            call.err().printf("  %d of %d partitions moved%n", drained.size() - moving, drained.size());
            if (moving == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCode.FAILED, moving + " partitions still moving after "
                        + MAX_WAIT_MINUTES + " minutes; they go on (./strata node drain is safe to run again)");
            }
            LockSupport.parkNanos(Duration.ofSeconds(POLL_SECONDS).toNanos());
        }
    }
}
