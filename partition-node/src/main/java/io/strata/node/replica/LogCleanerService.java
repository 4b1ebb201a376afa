package io.strata.node.replica;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.node.compaction.CleanerSettings;
import io.strata.node.compaction.CleanerThread;
import io.strata.node.config.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the log cleaner ({@link CleanerThread}) over this node's compacted replicas, leaders and
 * followers alike: each replica cleans its own copy, which is correct because cleaning never
 * changes an offset and only removes records a later offset of the same replica supersedes, and
 * each replica only cleans below its own high watermark.
 */
@ApplicationScoped
public class LogCleanerService {

    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;
    @Inject
    MeterRegistry registry;

    private volatile CleanerThread cleaner;

    void start(@Observes StartupEvent event) {
        NodeConfig.Cleaner settings = config.cleaner();
        if (!settings.enabled()) {
            return;
        }
        cleaner = new CleanerThread(new CleanerSettings(settings.dedupeBufferBytes(), settings.ioMaxBytesPerSecond(),
                settings.readBufferBytes(), settings.backoff()), this::compactedLogs, Clock.systemUTC());
        cleaner.start();
        registerMetrics(cleaner);
    }

    /** Counters of the cleaner on {@code /q/metrics} (Kafka's LogCleaner MBean has similar ones). */
    private void registerMetrics(CleanerThread running) {
        FunctionCounter.builder("strata.node.log.cleaner.read", running, CleanerThread::bytesRead).baseUnit("bytes")
                .description("Bytes the log cleaner read (mapping and rewriting segments)").register(registry);
        FunctionCounter.builder("strata.node.log.cleaner.written", running, CleanerThread::bytesWritten).baseUnit("bytes")
                .description("Bytes of cleaned segments the log cleaner wrote").register(registry);
        FunctionCounter.builder("strata.node.log.cleaner.cleanings", running, CleanerThread::cleanings)
                .description("Cleanings the log cleaner completed").register(registry);
        FunctionCounter.builder("strata.node.log.cleaner.failures", running, CleanerThread::failures)
                .description("Cleanings that failed (retried in a later round)").register(registry);
        Gauge.builder("strata.node.log.cleaner.last.read.mb.per.second", running, CleanerThread::lastMegabytesPerSecond)
                .description("MB/s the last cleaning read").register(registry);
    }

    private List<CleanerThread.CompactedLog> compactedLogs() {
        List<CleanerThread.CompactedLog> logs = new ArrayList<>();
        for (Replica replica : replicas.replicas()) {
            if (replica.log().config().compacts()) {
                logs.add(new CleanerThread.CompactedLog(replica.id().toString(), replica.log().cleaning(),
                        replica.highWatermark(), replica.log().config().compaction(), replica.log()::maybeRollForTime));
            }
        }
        return logs;
    }

    /** The running cleaner, for metrics; empty when disabled. */
    public Optional<CleanerThread> cleaner() {
        return Optional.ofNullable(cleaner);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        CleanerThread running = cleaner;
        if (running != null) {
            running.close();
        }
    }
}
