package io.strata.client.admin;

import java.util.List;

/** One partition as the metadata service describes it; {@code leader} is −1 while it has none. */
public record PartitionInfo(int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
}
