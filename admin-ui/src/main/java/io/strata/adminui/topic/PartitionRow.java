package io.strata.adminui.topic;

import io.strata.adminui.cluster.PartitionHealth;
import io.strata.adminui.gateway.PartitionReport;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One partition as the topic page shows it. Immutable. */
public record PartitionRow(int partition, int leader, int leaderEpoch, String replicas, String isr,
                           Long logStartOffset, Long highWatermark, boolean underReplicated, boolean offline) {

    public static PartitionRow of(PartitionReport p, Set<Integer> upNodes) {
        return new PartitionRow(p.partition(), p.leader(), p.leaderEpoch(), join(p.replicas()), join(p.isr()),
                p.logStartOffset(), p.highWatermark(), PartitionHealth.underReplicated(p), PartitionHealth.offline(p, upNodes));
    }

    private static String join(List<Integer> nodes) {
        return nodes.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
