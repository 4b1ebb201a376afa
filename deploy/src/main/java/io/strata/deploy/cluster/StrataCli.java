package io.strata.deploy.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.GatewayCli;
import io.strata.deploy.launcher.StrataBuild;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./strata up|down|status} — the local cluster from the command line.
 *
 * <pre>
 * up     [--data-dir DIR] [--port NAME=PORT]… [--timeout SECONDS] [--secure] [--sasl]
 * down   [--data-dir DIR]
 * status [--data-dir DIR] [--json]
 * </pre>
 *
 * Data directory: {@code --data-dir}, else {@code STRATA_DATA_DIR}, else {@code <project root>/data};
 * a relative one is taken from {@code STRATA_CALLER_DIR} (set by {@code ./strata} to the directory it
 * was called from), else from the working directory. Ports: see {@link ClusterPorts}. JVM options of
 * the Quarkus services: {@code STRATA_JVM_OPTS} (space-separated) replaces
 * {@link ClusterConfig#DEFAULT_JVM_OPTIONS}. Exit codes: 0 done, 1 failed, 2 usage error. The gateway
 * verbs ({@code topic}, {@code produce}, {@code consume}, {@code group}, {@code cluster}) are handed to
 * {@link GatewayCli}, which documents their exit codes.
 */
public final class StrataCli {

    private static final String USAGE = """
            usage: strata <verb> [options]
              up     [--data-dir DIR] [--port NAME=PORT]... [--timeout SECONDS] [--secure] [--sasl]
                     start PostgreSQL, the metadata service, partition nodes 1-3 and the other
                     built services as processes on 127.0.0.1; wait until healthy; print the URLs;
                     --secure: TLS on every port (a local CA and certificates under DIR/tls) and
                     a cluster secret on every internal call
                     --sasl: Kafka clients must log in (SASL PLAIN/SCRAM); makes user admin, the
                     ACLs' super user, and prints its password once (STRATA_SASL_ADMIN_PASSWORD
                     chooses it); other users need ACLs (kafka-acls)
              down   [--data-dir DIR]      stop every process of the cluster
              status [--data-dir DIR] [--json]
                     one line per process (service, node id, pid, url, alive, healthy)
            """ + GatewayCli.USAGE + """
            environment: STRATA_DATA_DIR, STRATA_PORT_<NAME> (e.g. STRATA_PORT_METADATA_SERVICE=18081),
                         STRATA_JVM_OPTS, STRATA_SASL_ADMIN_PASSWORD
            """;

    private StrataCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (GatewayCli.VERBS.contains(args[0])) {
            return GatewayCli.run(args, env, out, err);
        }
        try {
            Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
            ClusterConfig config = config(options, env);
            LocalCluster cluster = new LocalCluster(config, out);
            if (options.sasl) {
                if (!args[0].equals("up")) {
                    throw new IllegalArgumentException("--sasl belongs to up");
                }
                cluster = cluster.withSasl(KafkaSasl.prepare(config.dataDir(), env, new java.security.SecureRandom()));
            }
            switch (args[0]) {
                case "up" -> cluster.up();
                case "down" -> cluster.down();
                case "status" -> printStatus(cluster.status(), options.json, config, out);
                default -> throw new IllegalArgumentException("unknown verb '" + args[0] + "'");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("strata: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("strata " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    static ClusterConfig config(Options options, Map<String, String> env) {
        Path root = StrataBuild.root();
        Path callerDir = Path.of(env.getOrDefault("STRATA_CALLER_DIR", "")).toAbsolutePath();
        String dataDir = options.dataDir != null ? options.dataDir : env.get("STRATA_DATA_DIR");
        Path data = dataDir == null || dataDir.isBlank() ? root.resolve("data") : callerDir.resolve(dataDir);
        ClusterPorts ports = ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), env, options.ports);
        String jvmOpts = env.get("STRATA_JVM_OPTS");
        List<String> jvmOptions = jvmOpts == null || jvmOpts.isBlank()
                ? ClusterConfig.DEFAULT_JVM_OPTIONS
                : List.of(jvmOpts.trim().split("\\s+"));
        Duration timeout = options.timeoutSeconds == null
                ? ClusterConfig.DEFAULT_HEALTH_TIMEOUT
                : Duration.ofSeconds(options.timeoutSeconds);
        return new ClusterConfig(root, data, ports, jvmOptions, timeout, options.secure);
    }

    private static void printStatus(List<LocalCluster.ProcessStatus> statuses, boolean json, ClusterConfig config,
                                    PrintStream out) {
        if (json) {
            ArrayNode array = ClusterState.JSON.createArrayNode();
            for (LocalCluster.ProcessStatus status : statuses) {
                ObjectNode object = array.addObject();
                object.put("service", status.service());
                if (status.nodeId() != null) {
                    object.put("node_id", status.nodeId());
                }
                object.put("pid", status.pid());
                object.put("url", status.url());
                object.put("alive", status.alive());
                object.put("healthy", status.healthy());
            }
            out.println(array.toString());
            return;
        }
        if (statuses.isEmpty()) {
            out.println("no cluster running (no " + config.stateFile() + ")");
            return;
        }
        out.printf("%-20s %-7s %-8s %-40s %-6s %s%n", "SERVICE", "NODE", "PID", "URL", "ALIVE", "HEALTHY");
        for (LocalCluster.ProcessStatus s : statuses) {
            out.printf("%-20s %-7s %-8d %-40s %-6s %s%n", s.service(), s.nodeId() == null ? "-" : s.nodeId(),
                    s.pid(), s.url(), s.alive() ? "yes" : "no", s.healthy() ? "yes" : "no");
        }
    }

    /** The parsed flags of one command. */
    static final class Options {
        String dataDir;
        boolean json;
        boolean secure;
        boolean sasl;
        Long timeoutSeconds;
        final Map<String, String> ports = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--json" -> options.json = true;
                    case "--secure" -> options.secure = true;
                    case "--sasl" -> options.sasl = true;
                    case "--data-dir" -> options.dataDir = value(args, ++i, arg);
                    case "--timeout" -> options.timeoutSeconds = parseSeconds(value(args, ++i, arg));
                    case "--port" -> options.port(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("--data-dir=")) {
                            options.dataDir = arg.substring("--data-dir=".length());
                        } else if (arg.startsWith("--port=")) {
                            options.port(arg.substring("--port=".length()));
                        } else {
                            throw new IllegalArgumentException("unknown option '" + arg + "'");
                        }
                    }
                }
            }
            return options;
        }

        private void port(String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--port wants NAME=PORT, got '" + assignment + "'");
            }
            ports.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static long parseSeconds(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--timeout wants seconds, got '" + value + "'");
            }
        }
    }
}
