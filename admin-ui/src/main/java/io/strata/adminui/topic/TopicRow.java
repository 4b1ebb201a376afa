package io.strata.adminui.topic;

import io.strata.adminui.cluster.PartitionHealth;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.TopicReport;

import java.util.Set;

/** One row of the topic list. Immutable. */
public record TopicRow(String name, int partitions, int replicationFactor, int underReplicated, int offline, int overrides) {

    public static TopicRow of(TopicReport topic, Set<Integer> upNodes) {
        int under = 0;
        int offline = 0;
        for (PartitionReport p : topic.partitions()) {
            under += PartitionHealth.underReplicated(p) ? 1 : 0;
            offline += PartitionHealth.offline(p, upNodes) ? 1 : 0;
        }
        return new TopicRow(topic.name(), topic.partitions().size(), topic.replicationFactor(), under, offline,
                topic.configs() == null ? 0 : topic.configs().size());
    }

    public String href() {
        return TopicPage.href(name);
    }
}
