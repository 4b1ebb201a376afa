package io.strata.bench.client;

import io.strata.bench.BenchOptions;
import io.strata.bench.report.BenchResult;
import io.strata.bench.report.RunSeries;
import io.strata.bench.workload.Workload;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./strata bench produce}: Strata's {@code kafka-producer-perf-test}, through the Java client
 * and the gateway. Figures: records/s and MB/s of payload, and send-to-acknowledgement percentiles.
 */
public final class ProduceBench {

    public static final List<String> OPTIONS;

    static {
        List<String> options = new ArrayList<>(Workload.OPTIONS);
        options.addAll(List.of("runs", "warmup-runs"));
        OPTIONS = List.copyOf(options);
    }

    private ProduceBench() {
    }

    public static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        Workload workload = Workload.from(options, 1_000_000);
        System.err.println("strata produce: " + workload.describe() + ", via " + workload.bootstrap());
        BenchResult result = RunSeries.median(options.intValue("warmup-runs", 0), options.intValue("runs", 1), run -> {
            try (BenchTopic topic = BenchTopic.open(workload, "produce", run)) {
                return ProduceRun.produce(workload, topic.name(), "produce");
            }
        });
        System.out.println(result.toJson());
    }
}
