package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One page of {@code GET /admin/topics?q=&sort=&dir=&page=&size=&fields=summary}: the topics on it
 * and how many match in all, searched, sorted and cut by the gateway from its metadata view.
 */
@RegisterForReflection
public record TopicPageReport(int total, int page, int size, int pages, long metadataVersion, List<TopicSummaryReport> topics) {
}
