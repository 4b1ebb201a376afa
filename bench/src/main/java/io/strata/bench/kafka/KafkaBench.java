package io.strata.bench.kafka;

import io.strata.bench.BenchOptions;
import io.strata.bench.report.BenchResult;
import io.strata.bench.report.RunSeries;
import io.strata.bench.workload.Workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./strata bench kafka produce|consume|e2e [options]}: the same workloads as Strata's
 * benches, run by Apache Kafka's own perf tools ({@code ProducerPerformance},
 * {@code ConsumerPerformance}, {@code EndToEndLatency}, each a fresh JVM as its shell script starts
 * it) against either server ({@link KafkaTarget}): with {@code --target kafka} (the default) KRaft
 * brokers this command starts and removes, one by default, {@code --brokers 3} to compare
 * replication; with {@code --target strata} the Kafka listeners of a running Strata cluster
 * ({@code --bootstrap-servers}), where it starts nothing. Topics are created and deleted through
 * Kafka's admin API on either. It ends with the same JSON line as Strata's benches, the median of
 * {@code --runs}, plus {@code "target":"kafka"|"strata"}.
 *
 * <p>{@code --producers N} runs N producer perf tools at once, each sending its share; their rates
 * add up over the slowest one's time, and each percentile is the worst of theirs (per-process
 * percentiles cannot be merged exactly).
 *
 * <p>Runs on the caller's thread only; the tools are child processes it waits for.
 */
public final class KafkaBench {

    static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";
    static final String CONSUMER_PERFORMANCE = "org.apache.kafka.tools.ConsumerPerformance";
    static final String END_TO_END_LATENCY = "org.apache.kafka.tools.EndToEndLatency";
    /** The heaps of kafka-producer-perf-test.sh / kafka-consumer-perf-test.sh, and of kafka-run-class.sh. */
    private static final String PERF_TEST_HEAP = "512M";
    private static final String RUN_CLASS_HEAP = "256M";
    private static final long TOOL_TIMEOUT_S = 1800;

    public static final List<String> OPTIONS;

    static {
        List<String> options = new ArrayList<>(Workload.OPTIONS);
        options.removeAll(List.of("bootstrap", "keep"));
        options.addAll(List.of("runs", "warmup-runs", "kafka-lib"));
        options.addAll(KafkaTarget.OPTIONS);
        OPTIONS = List.copyOf(options);
    }

    private final KafkaJvm jvm;
    private final PerfToolServers servers;
    private final KafkaTopics topics;
    private final Workload workload;

    private KafkaBench(KafkaJvm jvm, PerfToolServers servers, KafkaTopics topics, Workload workload) {
        this.jvm = jvm;
        this.servers = servers;
        this.topics = topics;
        this.workload = workload;
    }

    public static void run(String mode, BenchOptions options) throws Exception {
        if (!List.of("produce", "consume", "e2e").contains(mode)) {
            throw new IllegalArgumentException("kafka benchmarks are produce, consume and e2e, not '" + mode + "'");
        }
        options.requireKnown(OPTIONS);
        Workload workload = Workload.from(options, mode.equals("e2e") ? 10_000 : 1_000_000);
        KafkaTarget target = KafkaTarget.from(options, workload.replicationFactor());
        KafkaJvm jvm = KafkaJvm.of(Path.of(options.string("kafka-lib", KafkaJvm.DEFAULT_LIB_DIR.toString())));
        System.err.println("kafka " + mode + " --target " + target.server().label() + ": " + workload.describe());
        try (PerfToolServers servers = open(target, jvm, workload.clientSettings());
             KafkaTopics topics = new KafkaTopics(servers.bootstrap(), workload.clientSettings())) {
            System.err.println("measuring " + servers.describe());
            KafkaBench bench = new KafkaBench(jvm, servers, topics, workload);
            BenchResult result = RunSeries.median(options.intValue("warmup-runs", 0), options.intValue("runs", 1),
                    run -> bench.runOnce(mode, run));
            System.out.println(result.toJson(target.server().label()));
        }
    }

    /** Starts the Kafka brokers of a Kafka target, or checks that a Strata target's listeners answer. */
    public static PerfToolServers open(KafkaTarget target, KafkaJvm jvm, Map<String, String> clientSettings)
            throws InterruptedException {
        if (target.server() == KafkaTarget.Server.STRATA) {
            System.err.println("connecting to Strata's Kafka listeners at " + target.bootstrapServers() + " …");
            return StrataListeners.connect(target.bootstrapServers(), clientSettings);
        }
        System.err.println("starting " + target.brokers() + " Kafka 4.3.1 broker(s) (KRaft, combined mode) …");
        return KafkaCluster.start(jvm, target.brokers(), target.brokerHeap());
    }

    private BenchResult runOnce(String mode, int run) throws InterruptedException {
        String topic = topicName(workload, mode, ProcessHandle.current().pid(), run);
        topics.create(topic, workload.partitions(), workload.replicationFactor());
        try {
            return switch (mode) {
                case "produce" -> produce(topic);
                case "consume" -> consume(topic);
                default -> endToEnd(topic);
            };
        } finally {
            topics.delete(topic);
        }
    }

    private BenchResult produce(String topic) throws InterruptedException {
        List<KafkaTool> producers = new ArrayList<>();
        List<Long> shares = new ArrayList<>();
        for (int i = 0; i < workload.producers(); i++) {
            shares.add(workload.recordsOfProducer(i));
            producers.add(tool(PRODUCER_PERFORMANCE, PERF_TEST_HEAP,
                    producerArgs(servers.bootstrap(), topic, shares.get(i), workload)));
        }
        List<BenchResult> results = new ArrayList<>();
        for (KafkaTool producer : producers) {
            results.add(PerfToolOutput.producer(producer.await(TOOL_TIMEOUT_S)));
        }
        return PerfToolOutput.concurrentProducers(results, shares, workload.recordSize());
    }

    /** Fills the topic with the producer perf tool (not measured), then times the consumer perf tool reading it. */
    private BenchResult consume(String topic) throws InterruptedException {
        System.err.println("producing " + workload.records() + " records to read …");
        tool(PRODUCER_PERFORMANCE, PERF_TEST_HEAP, producerArgs(servers.bootstrap(), topic, workload.records(), workload))
                .await(TOOL_TIMEOUT_S);
        System.err.println("reading them …");
        List<String> output = tool(CONSUMER_PERFORMANCE, PERF_TEST_HEAP,
                withClientConfig(List.of("--bootstrap-server", servers.bootstrap(), "--topic", topic,
                        "--num-records", Long.toString(workload.records()), "--timeout", "30000"), workload))
                .await(TOOL_TIMEOUT_S);
        return PerfToolOutput.consumer(output);
    }

    private BenchResult endToEnd(String topic) throws InterruptedException {
        List<String> output = tool(END_TO_END_LATENCY, RUN_CLASS_HEAP,
                withClientConfig(List.of("--bootstrap-server", servers.bootstrap(), "--topic", topic,
                        "--num-records", Long.toString(workload.records()), "--producer-acks", workload.acks(),
                        "--record-size", Integer.toString(workload.recordSize())), workload))
                .await(TOOL_TIMEOUT_S);
        return PerfToolOutput.endToEnd(output, workload.recordSize());
    }

    private KafkaTool tool(String mainClass, String heap, List<String> args) {
        String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        return KafkaTool.start(name, jvm.command(heap, servers.toolLogConfigFile(), mainClass, args));
    }

    /**
     * A fresh topic per run: {@code --topic}'s name with the run's index, else one with this
     * process's id too, as Strata's own benches name theirs, since a Strata target is a shared,
     * long-lived cluster where an interrupted run or another bench may have left a topic behind.
     */
    static String topicName(Workload workload, String mode, long pid, int run) {
        return workload.topic().map(name -> name + "-" + run).orElse("bench-" + mode + "-" + pid + "-" + run);
    }

    /** kafka-producer-perf-test's arguments for {@code records} records of this workload, unthrottled. */
    static List<String> producerArgs(String bootstrap, String topic, long records, Workload workload) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(workload.recordSize()),
                "--throughput", "-1", "--reporting-interval", "1000", "--command-property"));
        for (Map.Entry<String, String> setting : workload.producerConfig().entrySet()) {
            args.add(setting.getKey() + "=" + setting.getValue());
        }
        return withClientConfig(args, workload);
    }

    /** {@code args} and, with {@code --client-config}, the perf tools' {@code --command-config} of that file. */
    static List<String> withClientConfig(List<String> args, Workload workload) {
        if (workload.clientConfig().isEmpty()) {
            return args;
        }
        List<String> all = new ArrayList<>(args);
        all.add("--command-config");
        all.add(workload.clientConfig().get().toAbsolutePath().toString());
        return all;
    }
}
