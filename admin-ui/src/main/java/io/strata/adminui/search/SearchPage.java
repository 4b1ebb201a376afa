package io.strata.adminui.search;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.message.MessageRow;
import io.strata.adminui.topic.TopicPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Message search ({@code /topics/{t}/messages/search?by=key|header|json&…&cursor=&matches=}): one
 * bounded step ({@link MessageSearch}) over every partition, or over the key's one partition for a
 * key search ({@link KeyPartition}), through the gateway's partition reads. The page shows the
 * progress, the matches of this step and a "continue" link that carries the cursor, so a search
 * over millions of records goes on step by step and the console keeps nothing between them.
 */
@Path("/topics/{topic}/messages/search")
@Blocking
public class SearchPage {

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(TopicReport topic, String topicHref, SearchRequest search, Integer keyPartition,
                                              SearchProgress progress, List<MessageRow> rows, String continueHref, String againHref);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance search(@PathParam("topic") String name, @QueryParam("by") String by, @QueryParam("key") String key,
                                   @QueryParam("header") String header, @QueryParam("header_value") String headerValue,
                                   @QueryParam("path") String path, @QueryParam("value") String value,
                                   @QueryParam("cursor") String cursor, @QueryParam("matches") String matches) {
        SearchRequest search = SearchRequest.parse(by, key, header, headerValue, path, value, cursor, matches);
        TopicReport topic = gateway.topic(name);
        String topicHref = TopicPage.href(name);
        if (search.filter() == null) {
            return Templates.search(topic, topicHref, search, null, null, List.of(), null, null);
        }
        Integer keyPartition = search.filter() instanceof SearchFilter.Key k ? KeyPartition.of(k.key(), topic.partitions().size()) : null;
        List<MessageSearch.Range> ranges = topic.partitions().stream()
                .filter(p -> keyPartition == null || p.partition() == keyPartition)
                .map(SearchPage::range).toList();
        MessageSearch.Outcome outcome = MessageSearch.step(ranges, search.cursor(), search.filter(), limits(),
                (p, offset, max) -> gateway.records(name, p, offset, max), System::nanoTime);
        SearchProgress progress = SearchProgress.of(ranges, outcome);
        List<MessageRow> rows = outcome.matches().stream().map(r -> MessageRow.of(r, config.curlGateway())).toList();
        String continueHref = progress.done() ? null : search.href(topicHref, outcome.next());
        return Templates.search(topic, topicHref, search, keyPartition, progress, rows, continueHref,
                search.href(topicHref, SearchCursor.START));
    }

    private MessageSearch.Limits limits() {
        return new MessageSearch.Limits(config.searchMaxRecords(), config.searchMaxBytes().asLongValue(), config.searchMaxTime(),
                config.searchReadRecords(), config.searchMaxMatches());
    }

    private static MessageSearch.Range range(PartitionReport p) {
        long logStart = p.logStartOffset() == null ? 0 : p.logStartOffset();
        return new MessageSearch.Range(p.partition(), logStart, p.highWatermark() == null ? logStart : p.highWatermark());
    }
}
