package io.strata.bench.scale;

import io.strata.bench.BenchOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale bench's options, checked: {@code partitions} split into topics named
 * {@code scale-<pid>-<i>} of at most {@code partitionsPerTopic} each (the metadata service's
 * {@code strata.metadata.max-partitions-per-topic} is 10,000), the last one taking the remainder.
 * {@code --topics scale-<pid>} names the topics of an earlier run kept with {@code --keep}: then only
 * the restart step runs, on them ({@code restartOnly}).
 */
record ScaleSettings(int partitions, int partitionsPerTopic, int replicationFactor, int recordsPerPartition,
                     int recordSize, String bootstrap, Path dataDir, int restartNode, Duration timeout, boolean keep,
                     String topicPrefix, boolean restartOnly) {

    ScaleSettings {
        if (partitions < 1 || partitionsPerTopic < 1) {
            throw new IllegalArgumentException("--partitions and --partitions-per-topic must be at least 1");
        }
        if (replicationFactor < 1 || recordsPerPartition < 1 || recordSize < 0) {
            throw new IllegalArgumentException("--replication-factor and --records-per-partition must be at least 1,"
                    + " --record-size at least 0");
        }
    }

    static ScaleSettings from(BenchOptions options) {
        return new ScaleSettings(options.intValue("partitions", 1000), options.intValue("partitions-per-topic", 1000),
                options.intValue("replication-factor", 3), options.intValue("records-per-partition", 10),
                options.intValue("record-size", 100), options.string("bootstrap", "127.0.0.1:8080"),
                Path.of(options.string("data-dir", System.getenv().getOrDefault("STRATA_DATA_DIR", "data"))),
                options.intValue("restart-node", 1), Duration.ofSeconds(options.longValue("timeout-s", 900)),
                options.booleanValue("keep", false),
                options.string("topics", "scale-" + ProcessHandle.current().pid()),
                options.string("topics", null) != null);
    }

    Path stateFile() {
        return dataDir.resolve("cluster.json");
    }

    List<String> topicNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i * partitionsPerTopic < partitions; i++) {
            names.add(topicPrefix + "-" + i);
        }
        return names;
    }

    int partitionsOf(String topic) {
        int index = Integer.parseInt(topic.substring(topic.lastIndexOf('-') + 1));
        return Math.min(partitionsPerTopic, partitions - index * partitionsPerTopic);
    }
}
