package io.strata.adminui.topic;

import io.strata.adminui.gateway.TopicSummaryReport;

/** One row of the topic list. Immutable. */
public record TopicRow(String name, int partitions, int replicationFactor, int underReplicated, int offline, int overrides) {

    public static TopicRow of(TopicSummaryReport topic) {
        return new TopicRow(topic.name(), topic.partitionsCount(), topic.replicationFactor(), topic.underReplicated(),
                topic.offline(), topic.configs() == null ? 0 : topic.configs().size());
    }

    public String href() {
        return TopicPage.href(name);
    }
}
