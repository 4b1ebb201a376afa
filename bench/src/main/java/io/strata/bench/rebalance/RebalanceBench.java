package io.strata.bench.rebalance;

import io.strata.bench.BenchOptions;
import io.strata.bench.report.Latencies;
import io.strata.bench.report.Percentiles;
import io.strata.bench.workload.Workload;
import io.strata.client.admin.Admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code ./strata bench rebalance}: how long a consumer group takes to reach a balanced, fully
 * owned assignment after one member joins, leaves, or is killed: issue 18's "10 × 900" benchmark.
 * {@code --members} members (in this JVM, each a Java-client consumer with its own poll thread)
 * share a fresh {@code --partitions} topic. Each of {@code --runs} rounds starts one more member
 * and times until the group is settled ({@link OwnershipBoard}), then closes it (a clean leave)
 * and times again. Each of {@code --kill-runs} rounds starts a member in a process of its own,
 * waits until it holds its share, SIGKILLs it and times until the others own everything: that
 * includes the coordinator's session timeout (45 s by default), which dominates.
 *
 * <p>The clock runs from the action (the new member's subscribe, the close call, the kill) to the
 * first check that sees the members' own callbacks agree on a settled assignment: end to end, as
 * an application sees it.
 */
public final class RebalanceBench {

    public static final List<String> OPTIONS = List.of("bootstrap", "members", "partitions", "replication-factor",
            "runs", "warmup-runs", "kill-runs", "session-timeout-ms", "timeout-s", "trace");

    private RebalanceBench() {
    }

    public static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        Settings settings = new Settings(options.string("bootstrap", Workload.DEFAULT_BOOTSTRAP),
                positive(options, "members", 10), positive(options, "partitions", 900),
                positive(options, "replication-factor", 1), positive(options, "runs", 20),
                atLeastZero(options, "warmup-runs", 3), atLeastZero(options, "kill-runs", 1),
                atLeastZero(options, "session-timeout-ms", 45_000), positive(options, "timeout-s", 120),
                options.booleanValue("trace", false));
        String name = "bench-rebalance-" + ProcessHandle.current().pid();
        System.err.printf(Locale.ROOT, "strata rebalance: %d members, topic %s with %d partitions (RF %d), %d warm-up and %d "
                        + "measured join/leave round(s), %d kill round(s), via %s%n", settings.members(), name,
                settings.partitions(), settings.replicationFactor(), settings.warmupRuns(), settings.runs(),
                settings.killRuns(), settings.bootstrap());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrap()))) {
            admin.createTopic(name, settings.partitions(), settings.replicationFactor(), Map.of());
            try {
                System.out.println(new GroupUnderTest(settings, name).measure());
            } finally {
                admin.deleteTopic(name);
            }
        }
    }

    private static int positive(BenchOptions options, String name, int defaultValue) {
        int value = options.intValue(name, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static int atLeastZero(BenchOptions options, String name, int defaultValue) {
        int value = options.intValue(name, defaultValue);
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative, not " + value);
        }
        return value;
    }

    /**
     * @param warmupRuns join/leave rounds run first and not counted: a young cluster's first
     *                   rounds are JIT compilation of the members, gateway and coordinator
     * @param sessionTimeoutMs the coordinator's session timeout, as configured there; only
     *                         reported, as the part of a kill round that is waiting for it
     */
    record Settings(String bootstrap, int members, int partitions, int replicationFactor, int runs, int warmupRuns,
                    int killRuns, int sessionTimeoutMs, int timeoutSeconds, boolean trace) {
    }

    /** The group of one benchmark: its members, the board they report to, and the rounds. */
    private static final class GroupUnderTest {
        private final Settings settings;
        private final String topic;
        private final OwnershipBoard board;
        private final Map<String, Object> config;
        private final List<String> live = new CopyOnWriteArrayList<>();
        private final List<InProcessMember> members = new ArrayList<>();
        /** Null without {@code --trace}. */
        private RebalanceTrace trace;

        GroupUnderTest(Settings settings, String topic) {
            this.settings = settings;
            this.topic = topic;
            this.board = new OwnershipBoard(topic, settings.partitions());
            this.config = Map.of("bootstrap.servers", settings.bootstrap(), "group.id", topic);
        }

        String measure() throws Exception {
            try {
                long started = System.nanoTime();
                for (int i = 1; i <= settings.members(); i++) {
                    join("m" + i);
                }
                awaitSettled("the first " + settings.members() + " members", settings.timeoutSeconds());
                System.err.printf(Locale.ROOT, "%d members settled in %.0f ms%n", settings.members(), (System.nanoTime() - started) / 1e6);
                if (settings.trace()) {
                    trace = RebalanceTrace.start();
                }
                Latencies warmJoins = new Latencies(Math.max(1, settings.warmupRuns()));
                Latencies warmLeaves = new Latencies(Math.max(1, settings.warmupRuns()));
                for (int run = 1; run <= settings.warmupRuns(); run++) {
                    joinAndLeave("warm-up " + run + "/" + settings.warmupRuns(), "w" + run, warmJoins, warmLeaves);
                }
                Latencies joins = new Latencies(settings.runs());
                Latencies leaves = new Latencies(settings.runs());
                for (int run = 1; run <= settings.runs(); run++) {
                    joinAndLeave("round " + run + "/" + settings.runs(), "j" + run, joins, leaves);
                }
                Latencies kills = new Latencies(Math.max(1, settings.killRuns()));
                for (int run = 1; run <= settings.killRuns(); run++) {
                    kill(run, kills);
                }
                return json(joins, leaves, settings.killRuns() > 0 ? kills : null);
            } finally {
                for (InProcessMember member : members) {
                    member.close();
                }
            }
        }

        private void joinAndLeave(String round, String name, Latencies joins, Latencies leaves) throws InterruptedException {
            mark(round + ": member " + name + " joins");
            long joinStart = System.nanoTime();
            InProcessMember joiner = join(name);
            awaitSettled("member " + name + " joining", settings.timeoutSeconds());
            long joined = System.nanoTime() - joinStart;
            joins.record(joined);

            mark(round + ": member " + name + " leaves");
            long leaveStart = System.nanoTime();
            live.remove(joiner.name());
            members.remove(joiner);
            joiner.close();
            awaitSettled("member " + name + " leaving", settings.timeoutSeconds());
            long left = System.nanoTime() - leaveStart;
            leaves.record(left);
            System.err.printf(Locale.ROOT, "%s: join %.0f ms, leave %.0f ms%n", round, joined / 1e6, left / 1e6);
        }

        private void mark(String what) {
            if (trace != null) {
                trace.mark(what);
            }
        }

        private void kill(int run, Latencies kills) throws Exception {
            String name = "k" + run;
            Process process = MemberProcess.start(settings.bootstrap(), topic, topic);
            try {
                MemberProcess.follow(process, name, topic, board);
                live.add(name);
                awaitSettled("process member " + name + " joining", settings.timeoutSeconds());
                long killStart = System.nanoTime();
                MemberProcess.kill(process);
                live.remove(name);
                // The coordinator only notices after its session timeout: allow for it on top.
                awaitSettled("process member " + name + " killed", settings.timeoutSeconds() + 120);
                long recovered = System.nanoTime() - killStart;
                kills.record(recovered);
                System.err.printf(Locale.ROOT, "kill %d/%d: %.0f ms (includes the session timeout)%n", run,
                        settings.killRuns(), recovered / 1e6);
            } finally {
                live.remove(name);
                board.forget(name);
                process.destroyForcibly();
            }
        }

        private InProcessMember join(String name) {
            live.add(name);
            InProcessMember member = new InProcessMember(name, config, topic, board);
            members.add(member);
            return member;
        }

        private void awaitSettled(String what, int timeoutSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (!board.settled(live)) {
                for (InProcessMember member : members) {
                    if (member.failure() != null) {
                        throw new IllegalStateException("member " + member.name() + " failed: " + member.failure(),
                                member.failure());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + ": the group did not settle within " + timeoutSeconds
                            + " s; partitions owned: " + board.describe(live));
                }
                Thread.sleep(5);
            }
        }

        private String json(Latencies joins, Latencies leaves, Latencies kills) {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "{\"members\":%d,\"partitions\":%d,\"warmup_runs\":%d,\"runs\":%d,", settings.members(),
                    settings.partitions(), settings.warmupRuns(), settings.runs()));
            append(text, "join", joins);
            text.append(',');
            append(text, "leave", leaves);
            if (kills != null) {
                text.append(String.format(Locale.ROOT, ",\"kill_runs\":%d,\"session_timeout_ms\":%d,", settings.killRuns(),
                        settings.sessionTimeoutMs()));
                append(text, "kill", kills);
                Percentiles p = kills.percentiles();
                text.append(String.format(Locale.ROOT, ",\"kill_after_session_timeout_p50_ms\":%.1f,\"kill_after_session_timeout_p99_ms\":%.1f",
                        p.p50Ms() - settings.sessionTimeoutMs(), p.p99Ms() - settings.sessionTimeoutMs()));
            }
            return text.append('}').toString();
        }

        private static void append(StringBuilder text, String what, Latencies latencies) {
            Percentiles p = latencies.percentiles();
            text.append(String.format(Locale.ROOT, "\"%s_p50_ms\":%.1f,\"%s_p99_ms\":%.1f,\"%s_max_ms\":%.1f",
                    what, p.p50Ms(), what, p.p99Ms(), what, latencies.max() / 1e6));
        }
    }
}
