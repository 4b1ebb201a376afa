package io.strata.bench;

import io.strata.bench.chaos.ChaosRun;
import io.strata.bench.client.ConsumeBench;
import io.strata.bench.client.EndToEndBench;
import io.strata.bench.client.ProduceBench;
import io.strata.bench.assignor.AssignorBench;
import io.strata.bench.kafka.KafkaBench;
import io.strata.bench.pipeline.PipelineBench;
import io.strata.bench.rebalance.RebalanceBench;
import io.strata.bench.report.BenchResult;
import io.strata.bench.scale.ScaleBench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Entry point of {@code ./strata bench <name> [--option value …]}. Each benchmark prints progress
 * to standard error while it runs and its figures as one JSON line, last, on standard output.
 */
public final class Bench {

    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static Logger kafkaClientLogs;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // The log engine logs through System.Logger, which the JBoss LogManager on the class path serves.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        // Kafka's admin client logs its whole configuration at INFO: progress lines would drown in it.
        kafkaClientLogs = Logger.getLogger("org.apache.kafka");
        kafkaClientLogs.setLevel(Level.WARNING);
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "log" -> LogBench.run(BenchOptions.parse(rest(args, 1)));
            case "compact" -> CompactBench.run(BenchOptions.parse(rest(args, 1)));
            case "handles" -> HandlesBench.run(BenchOptions.parse(rest(args, 1)));
            case "produce" -> ProduceBench.run(BenchOptions.parse(rest(args, 1)));
            case "consume" -> ConsumeBench.run(BenchOptions.parse(rest(args, 1)));
            case "e2e" -> EndToEndBench.run(BenchOptions.parse(rest(args, 1)));
            case "median" -> printMedian(rest(args, 1));
            case "rebalance" -> RebalanceBench.run(BenchOptions.parse(rest(args, 1)));
            case "pipeline" -> PipelineBench.run(BenchOptions.parse(rest(args, 1)));
            case "assignor" -> AssignorBench.run(BenchOptions.parse(rest(args, 1)));
            case "scale" -> ScaleBench.run(BenchOptions.parse(rest(args, 1)));
            case "chaos" -> {
                if (!ChaosRun.run(rest(args, 1))) {
                    System.exit(1);
                }
            }
            case "kafka" -> {
                if (args.length < 2) {
                    throw new IllegalArgumentException("usage: ./strata bench kafka produce|consume|e2e [options]");
                }
                KafkaBench.run(args[1], BenchOptions.parse(rest(args, 2)));
            }
            default -> {
                usage();
                throw new IllegalArgumentException("unknown benchmark '" + args[0] + "'");
            }
        }
    }

    /**
     * The median of result lines in the given files (standard input if none), for separate runs of
     * a bench; lines that name different targets are refused (their median would mean nothing).
     */
    private static void printMedian(String[] files) throws IOException {
        List<String> lines = new ArrayList<>();
        if (files.length == 0) {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().forEach(lines::add);
        }
        for (String file : files) {
            lines.addAll(Files.readAllLines(Path.of(file)));
        }
        List<String> results = lines.stream().filter(line -> line.startsWith("{\"records_s\"")).toList();
        BenchResult median = BenchResult.median(results.stream().map(BenchResult::parseJson).toList());
        Set<Optional<String>> targets = results.stream().map(BenchResult::targetOf).collect(Collectors.toSet());
        if (targets.size() > 1) {
            throw new IllegalArgumentException("median: the lines measure different targets "
                    + targets.stream().map(target -> target.orElse("(none)")).sorted().toList());
        }
        Optional<String> target = targets.stream().findFirst().flatMap(t -> t);
        System.out.println(target.map(median::toJson).orElseGet(median::toJson));
    }

    private static String[] rest(String[] args, int from) {
        return Arrays.copyOfRange(args, from, args.length);
    }

    private static void usage() {
        System.err.println("""
                usage: ./strata bench <benchmark> [--option value …]

                benchmarks:
                  log   appends records through the partition log engine and reads them back,
                        beside plain sequential file writes of the same bytes.
                        --records N (1000000)  --record-size BYTES (1024)  --batch-bytes BYTES (16384)
                        --dir DIR (data/bench)  --segment-bytes BYTES (1073741824)
                        --fsync true|false (false)  --rounds N (3)
                  handles
                        the node's file-handle cache under N reader threads, each leasing a random
                        file's channel for one positional read; a case where every file fits the
                        cache (hit) and one where it holds an eighth of them (miss): reads/s each.
                        --files N (2000)  --file-bytes BYTES (65536)  --read-bytes BYTES (4096)
                        --threads LIST (1,2,4,8)  --seconds S (3)  --dir DIR (data/bench)
                  compact
                        appends records over a key space to a compacted log, then runs one full
                        cleaning with the log cleaner: MB/s cleaned, records kept, size before/after.
                        --records N (1000000)  --keys N (1000)  --value-size BYTES (100)
                        --tombstone-every N (100)  --segment-bytes BYTES (67108864)
                        --dedupe-buffer-bytes BYTES (33554432)  --dir DIR (data/bench)
                  produce
                        kafka-producer-perf-test through the Java client and the gateway: records/s,
                        MB/s, send-to-acknowledgement latency; --runs N (1) --warmup-runs N (0)
                  consume
                        produces --records to a fresh topic (untimed; --produce false reads an existing
                        --topic), then times one consumer reading every partition from the start;
                        --max-poll-records (500) --fetch-size (1048576) --fetch-max-wait-ms (500)
                        --from-leaders true|false (true: from the leaders when the gateway offers them)
                  e2e   one record at a time: send, await its acknowledgement, poll until it arrives;
                        latency from send to arrival (--records 10000, linger.ms 0 unless given)
                        --fetch-max-wait-ms (500)
                  kafka produce|consume|e2e
                        the same workloads run by Apache Kafka 4.3.1's own perf tools (fetched once
                        into bench/target/kafka-lib), against --target kafka|strata (kafka):
                          kafka   KRaft brokers started for the run: --brokers N (1; at least the RF)
                                  --broker-heap SIZE (1G)
                          strata  the Kafka listeners of a running cluster, nothing started:
                                  --bootstrap-servers HOST:PORT,… (127.0.0.1:9201,127.0.0.1:9202,
                                  127.0.0.1:9203, those of ./strata up)
                        workload options as below except --bootstrap/--keep, plus --runs N (1)
                        --warmup-runs N (0); the JSON line ends with "target":"kafka"|"strata"

                  chaos --minutes N (5) [--seed S]
                        the fault suite: starts a cluster of its own, writes with idempotent Java-client
                        and REST writers (acks=all, RF 3, min.insync.replicas=2) while a group reads and
                        commits, injects seeded faults (SIGKILL/SIGSTOP of leader, follower, controller,
                        metadata service, PostgreSQL, coordinator, gateway; two at once; rolling
                        restart; network partitions), heals, and checks nothing acknowledged was lost
                        or stored twice; exits 1 on a violation. --seconds N  --rate N (100)
                        --java-writers N (2) --rest-writers N (2) --readers N (2) --topics N (2)
                        --partitions N (3) --min-fault-seconds S (2) --max-fault-seconds S (10)
                        --data-dir DIR (data/chaos/<time>-seed-<seed>)

                  rebalance
                        one consumer group of --members N (10) Java-client members on a fresh topic of
                        --partitions N (900; --replication-factor N, 1): each of --runs N (20) rounds
                        adds a member, then closes it, and times each until the members' own callbacks
                        agree on a balanced assignment owning every partition once, after
                        --warmup-runs N (3) rounds not counted; --kill-runs N (1) SIGKILL a member
                        running in a process of its own (includes the coordinator's session timeout:
                        give it as --session-timeout-ms N, 45000, to have it subtracted in the JSON).
                        --timeout-s S (120) per step. --bootstrap as below. --trace: the members'
                        heartbeats, revocations and assignments, timed from each action
                        JSON: join/leave/kill p50, p99 and max in ms

                  assignor
                        the group coordinator's Assignor alone (no cluster): --partitions N (10000) over
                        --topics N (10), --members N (1000); first assignment, one member joining, one
                        leaving, and half the members on half the topics; --runs N (10) after --warmup N
                        (3); JSON: <case>_p50_ms and <case>_max_ms

                  scale --partitions N (1000)
                        many partitions on the running ./strata up cluster: topics of at most
                        --partitions-per-topic (1000), RF --replication-factor (3), wait for full ISRs,
                        --records-per-partition (10) of --record-size (100) written to every partition
                        (acks=all) and read back; each node's open fds and heap (live after a full GC,
                        jcmd); then SIGKILL node --restart-node (1; 0 skips), restart it as it ran, and
                        time it to ready and until all its replicas are back in the ISR.
                        --bootstrap (127.0.0.1:8080) --data-dir (data) --timeout-s (900) --keep

                  pipeline
                        the examples' price/order app, one instance: --records N (50000) prices written
                        first, then the packaged app turns each into an order (acks=all); records/s
                        each way. --app strata (smallrye-strata through --gateway, 127.0.0.1:8080) or
                        kafka (smallrye-kafka, the examples-kafka build) on --target strata (Kafka
                        listeners at --bootstrap-servers) or kafka (--brokers N started for the run);
                        --partitions N (3) --replication-factor N (3)

                  median [FILE …]
                        the median of result lines (of separate runs) read from the files or stdin

                workload options:
                  --records N (produce/consume 1000000, e2e 10000)  --record-size BYTES (100)
                  --acks 0|1|all (all)  --partitions N (1)  --replication-factor N (1)
                  --producers N (1)  --linger-ms MS (5)  --batch-size BYTES (16384)
                  --compression none|gzip|snappy|lz4|zstd (none)  --topic NAME  --keep
                  --bootstrap HOST:PORT (127.0.0.1:8080, the gateway of ./strata up)

                Each ends with one JSON line: {"records_s":…,"mb_s":…,"p50_ms":…,"p99_ms":…,"p999_ms":…}""");
    }
}
