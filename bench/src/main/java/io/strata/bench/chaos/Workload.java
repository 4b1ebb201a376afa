package io.strata.bench.chaos;

import java.util.List;

/**
 * What the writers write to: every partition of the run's topics, and the pacing they share.
 *
 * @param partitions    the target partitions as (topic, partition)
 * @param recordsPerSec the rate each writer aims at (records are small; the rate bounds the data
 *                      the checker reads back)
 */
record Workload(List<Target> partitions, int recordsPerSec) {

    record Target(String topic, int partition) {
        String id() {
            return topic + "-" + partition;
        }
    }

    Workload {
        partitions = List.copyOf(partitions);
    }

    /** The partition the {@code n}-th record of writer {@code writer} goes to (spread over all, shifted per writer). */
    Target target(int writer, long n) {
        return partitions.get((int) ((n + writer) % partitions.size()));
    }
}
