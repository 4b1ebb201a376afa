package io.strata.bench.chaos;

import io.strata.client.admin.Admin;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./strata bench chaos}: starts a cluster of its own, writes to it with idempotent
 * Java-client and REST writers while a consumer group reads and commits, lets a seeded
 * {@link Nemesis} break it, heals it, and checks the outcome ({@link Checker}). Prints the seed
 * and schedule first, each fault as it happens, the figures, and one JSON summary line last.
 * Exits 1 when an invariant is violated.
 *
 * <p>Every process it starts is stopped when it ends, also on failure or Ctrl-C.
 */
public final class ChaosRun {

    /** Bound on the wait for every partition to be written to before the nemesis starts. */
    static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(120);
    /** Bound on the wait for a full ISR everywhere after the final heal. */
    static final Duration HEAL_TIMEOUT = Duration.ofSeconds(180);
    /** How long writers may go on completing what they sent after the heal. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    /**
     * The topics' segment size: small, so that every replica rolls a segment every few seconds and
     * the kills land during rolls too (the checker reads every segment).
     */
    static final int SEGMENT_BYTES = 64 * 1024;

    private final ChaosOptions options;
    private final PrintStream out;
    private final History history = new History();

    private ChaosRun(ChaosOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the suite; returns whether every invariant held. */
    public static boolean run(String[] args) throws Exception {
        return new ChaosRun(ChaosOptions.parse(args), System.out).run();
    }

    private boolean run() throws Exception {
        List<PlannedFault> schedule = FaultSchedule.plan(options.seed(), options.runMs(), options.minFaultMs(), options.maxFaultMs());
        out.printf("chaos: seed %d, %.1f minutes of faults, data and logs in %s%n", options.seed(), options.runMs() / 60_000.0,
                options.dataDir());
        out.println("chaos: schedule (replay it with --seed " + options.seed() + " and the same duration):");
        schedule.forEach(fault -> out.println("chaos:   " + fault));
        ChaosCluster cluster = new ChaosCluster(options.dataDir(), out);
        Thread closer = new Thread(cluster::close, "chaos-cluster-close");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            cluster.start();
            out.println("chaos: cluster up; proxied links: " + String.join(", ", names(cluster.proxies())));
            return exercise(cluster, schedule);
        } finally {
            cluster.close();
            Runtime.getRuntime().removeShutdownHook(closer);
        }
    }

    private boolean exercise(ChaosCluster cluster, List<PlannedFault> schedule) throws Exception {
        List<String> topics = createTopics(cluster);
        Workload workload = new Workload(targets(topics), options.recordsPerSec());
        Nemesis nemesis = new Nemesis(cluster, topics, out);
        if (!nemesis.awaitFullIsr(HEAL_TIMEOUT)) {
            throw new IllegalStateException("the topics never had a full ISR: " + cluster.partitions(topics));
        }
        List<ClientWriter> clientWriters = new ArrayList<>();
        List<RestWriter> restWriters = new ArrayList<>();
        List<GroupReader> readers = new ArrayList<>();
        for (int i = 0; i < options.javaWriters(); i++) {
            clientWriters.add(new ClientWriter(i, cluster.bootstrap(), workload, history));
        }
        for (int i = 0; i < options.restWriters(); i++) {
            restWriters.add(new RestWriter(options.javaWriters() + i, cluster.gatewayUrl(), workload, history));
        }
        for (int i = 0; i < options.readers(); i++) {
            readers.add(new GroupReader(i, cluster.bootstrap(), topics, history));
        }
        GroupWatcher watcher = new GroupWatcher(cluster.port(ChaosCluster.COORDINATOR), history);
        clientWriters.forEach(ClientWriter::start);
        restWriters.forEach(RestWriter::start);
        readers.forEach(GroupReader::start);
        watcher.start();
        awaitEveryPartitionWritten(workload);

        long start = System.nanoTime();
        out.printf("chaos: workload running (%d Java-client writers, %d REST writers, %d group readers, %d records/s each); nemesis starts%n",
                clientWriters.size(), restWriters.size(), readers.size(), options.recordsPerSec());
        nemesis.run(schedule, options.runMs());
        LockSupport.parkNanos(start + TimeUnit.MILLISECONDS.toNanos(options.runMs()) - System.nanoTime());
        out.println("chaos: nemesis done; healing everything");
        cluster.healAll();
        boolean healed = nemesis.awaitFullIsr(HEAL_TIMEOUT);
        out.println("chaos: " + (healed ? "every partition has a leader and a full ISR" : "NOT every ISR is full after " + HEAL_TIMEOUT));
        long end = System.nanoTime();
        for (ClientWriter writer : clientWriters) {
            writer.stopAndDrain(DRAIN_TIMEOUT);
        }
        for (RestWriter writer : restWriters) {
            writer.stopAndDrain();
        }
        for (GroupReader reader : readers) {
            reader.stop();
        }
        watcher.stop();
        out.printf("chaos: writers stopped (%d sent, %d acknowledged); reading every replica%n", history.sent(), history.acks().size());

        LogSnapshot snapshot = LogSnapshot.take(cluster, topics, out);
        OwnershipCheck ownership = watcher.ownership();
        out.printf("chaos: assignment history: %d events seen, %d coordinator restart(s) seen%n", ownership.events(), ownership.restarts());
        Verdict verdict = Checker.check(history, snapshot, ownership.violations(), nemesis.windows(), start, end);
        verdict.print(out, options.seed(), nemesis.injected(), history.consumed());
        out.println(verdict.summaryJson(options.seed(), options.runMs() / 60_000.0,
                nemesis.injected().values().stream().mapToInt(Integer::intValue).sum()));
        return verdict.passed();
    }

    private List<String> createTopics(ChaosCluster cluster) {
        List<String> topics = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
            for (int i = 0; i < options.topics(); i++) {
                String topic = "chaos-" + (char) ('a' + i);
                admin.createTopic(topic, options.partitions(), 3, Map.of("min.insync.replicas", "2",
                        "segment.bytes", Integer.toString(SEGMENT_BYTES)));
                topics.add(topic);
            }
        }
        return topics;
    }

    private List<Workload.Target> targets(List<String> topics) {
        List<Workload.Target> targets = new ArrayList<>();
        for (String topic : topics) {
            for (int partition = 0; partition < options.partitions(); partition++) {
                targets.add(new Workload.Target(topic, partition));
            }
        }
        return targets;
    }

    private void awaitEveryPartitionWritten(Workload workload) {
        long deadline = System.nanoTime() + WARM_UP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            long written = workload.partitions().stream().filter(target -> history.allAcks().stream()
                    .anyMatch(ack -> ack.partitionId().equals(target.id()))).count();
            if (written == workload.partitions().size()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        throw new IllegalStateException("not every partition was written to within " + WARM_UP_TIMEOUT);
    }

    private static List<String> names(Iterable<FaultProxy> proxies) {
        List<String> names = new ArrayList<>();
        proxies.forEach(proxy -> names.add(proxy.toString()));
        return names;
    }
}
