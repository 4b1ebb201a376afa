package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.strata.gateway.admin.TopicListQuery;
import io.strata.gateway.admin.TopicListing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of {@code GET /admin/topics?…}: a page object, each topic described or summarized. Pure. */
final class TopicListJson {

    private TopicListJson() {
    }

    /** A topic without its partitions: their count and health counts instead. */
    @RegisterForReflection
    record SummaryView(String name, String topicId, int replicationFactor, Map<String, String> configs,
                       int partitionsCount, int underReplicated, int offline) {
    }

    /** One page: {@code total} topics match, {@code pages} pages of {@code size}; read at {@code metadata_version}. */
    @RegisterForReflection
    record PageView(int total, int page, int size, int pages, long metadataVersion, List<?> topics) {
    }

    static PageView page(TopicListing.Page page, TopicListQuery query) {
        List<?> topics = page.shown().stream().map(s -> query.summary() ? summary(s) : AdminJson.topic(s.topic(), Map.of())).toList();
        return new PageView(page.total(), page.page(), query.size(), page.pages(), page.metadataVersion(), topics);
    }

    static SummaryView summary(TopicListing.Summary s) {
        return new SummaryView(s.topic().getName(), s.topic().getTopicId(), s.topic().getReplicationFactor(),
                new TreeMap<>(s.topic().getConfigsMap()), s.partitionsCount(), s.underReplicated(), s.offline());
    }
}
