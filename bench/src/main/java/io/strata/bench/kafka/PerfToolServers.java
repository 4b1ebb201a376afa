package io.strata.bench.kafka;

import java.nio.file.Path;

/**
 * The servers a {@code ./strata bench kafka} run points Kafka's perf tools at, for as long as it
 * is open: Kafka brokers it started ({@link KafkaCluster}) or a running Strata cluster's Kafka
 * listeners ({@link StrataListeners}). {@link #close()} removes whatever the run itself created
 * (processes, files), never anything it found.
 */
public interface PerfToolServers extends AutoCloseable {

    /** {@code host:port,…}, as the tools' {@code --bootstrap-server} and the admin client take it. */
    String bootstrap();

    /** The log4j2 config the perf tools run with (warnings only, to standard error). */
    Path toolLogConfigFile();

    /** What the run measures, for progress output. */
    String describe();

    @Override
    void close();
}
