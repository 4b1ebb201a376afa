package io.strata.deploy.cli;

import io.strata.deploy.cli.cluster.ClusterCommand;
import io.strata.deploy.cli.consume.ConsumeCommand;
import io.strata.deploy.cli.gateway.GatewayAddress;
import io.strata.deploy.cli.gateway.GatewayClient;
import io.strata.deploy.cli.group.GroupCommand;
import io.strata.deploy.cli.node.NodeCommand;
import io.strata.deploy.cli.produce.ProduceCommand;
import io.strata.deploy.cli.topic.TopicCommand;
import io.strata.deploy.launcher.StrataBuild;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway verbs of {@code ./strata}: {@code topic}, {@code produce}, {@code consume},
 * {@code group}, {@code cluster}, {@code node}. Takes the global options {@code --gateway URL} and {@code --json}
 * wherever they stand, finds the gateway ({@link GatewayAddress}), runs the verb and turns its
 * failure into a message on stderr and an {@link ExitCode}. The main class
 * {@link io.strata.deploy.cluster.StrataCli} hands these verbs here.
 */
public final class GatewayCli {

    /** The verbs handled here. */
    public static final List<String> VERBS = List.of("topic", "produce", "consume", "group", "cluster", "node");

    public static final String USAGE = "gateway verbs (any gateway: --gateway URL or STRATA_GATEWAY; default the "
            + "local cluster's; --json for scripts):\n"
            + TopicCommand.USAGE + ProduceCommand.USAGE + ConsumeCommand.USAGE + GroupCommand.USAGE + ClusterCommand.USAGE + NodeCommand.USAGE
            + "exit codes: 0 ok, 1 failed, 2 usage, 3 gateway unreachable, 4 not found, 5 conflict (exists, in use), "
            + "6 refused by the gateway (bad input)\n";

    private GatewayCli() {
    }

    /** Runs one gateway verb ({@code args[0]}); returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String verb = args[0];
        try {
            List<String> words = new ArrayList<>();
            Optional<String> gateway = Optional.empty();
            boolean json = false;
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("--json")) {
                    json = true;
                } else if (args[i].equals("--gateway")) {
                    if (++i >= args.length) {
                        throw CliException.usage("--gateway needs a value (a URL like http://127.0.0.1:8080)");
                    }
                    gateway = Optional.of(args[i]);
                } else if (args[i].startsWith("--gateway=")) {
                    gateway = Optional.of(args[i].substring("--gateway=".length()));
                } else {
                    words.add(args[i]);
                }
            }
            if (words.contains("--help") || words.contains("-h")) {
                out.print(USAGE);
                return ExitCode.OK.code();
            }
            URI base = GatewayAddress.resolve(gateway, env, StrataBuild.root());
            Optional<Path> caFile = base.getScheme().equals("https") ? GatewayAddress.caFile(env, StrataBuild.root()) : Optional.empty();
            Invocation call = new Invocation(new GatewayClient(base, caFile), json, out, err);
            switch (verb) {
                case "topic" -> TopicCommand.run(call, words);
                case "produce" -> ProduceCommand.run(call, words);
                case "consume" -> ConsumeCommand.run(call, words);
                case "group" -> GroupCommand.run(call, words);
                case "cluster" -> ClusterCommand.run(call, words);
                case "node" -> NodeCommand.run(call, words);
                default -> throw CliException.usage("unknown verb '" + verb + "'");
            }
            out.flush();
            return ExitCode.OK.code();
        } catch (CliException e) {
            out.flush();
            err.println("strata " + verb + ": " + e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                err.print(USAGE);
            }
            return e.exitCode().code();
        } catch (UncheckedIOException e) {
            err.println("strata " + verb + ": " + e.getMessage());
            return ExitCode.FAILED.code();
        }
    }
}
