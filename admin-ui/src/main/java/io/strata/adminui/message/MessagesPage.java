package io.strata.adminui.message;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.ProducedOffset;
import io.strata.adminui.gateway.RecordReport;
import io.strata.adminui.gateway.ResetOffsetReport;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.problem.ConsoleProblem;
import io.strata.adminui.search.SearchRequest;
import io.strata.adminui.topic.TopicPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * A topic's messages ({@code /topics/{t}/messages}): one partition read from the newest records,
 * an offset or a timestamp, at most {@code limit} records, never waiting for new ones; older and
 * newer pages as links; the same read as JSON lines to download ({@code /messages/download}). And
 * producing one record from a form.
 *
 * <p>The gateway's REST API has no offset-for-timestamp lookup, so a timestamp is turned into an
 * offset by a <em>dry run</em> offset reset of a group no one uses ({@value #LOOKUP_GROUP}): the
 * group coordinator asks the partition's leader for the first offset at or after the time and
 * stores nothing.
 */
@Path("/topics/{topic}/messages")
@Blocking
public class MessagesPage {

    /** The group id whose dry-run resets look up offsets by time; nothing is ever stored for it. */
    static final String LOOKUP_GROUP = "strata-admin-ui.offset-lookup";

    /** The search form as the messages page shows it: nothing typed yet. */
    private static final SearchRequest EMPTY_SEARCH = SearchRequest.parse(null, null, null, null, null, null, null, null);

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance messages(TopicReport topic, BrowseRequest browse, List<MessageRow> rows, long start, long last,
                                                PartitionReport shown, String topicHref, String olderHref, String newerHref,
                                                String downloadHref, String produced, SearchRequest search);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance browse(@PathParam("topic") String name, @QueryParam("partition") String partition,
                                   @QueryParam("from") String from, @QueryParam("offset") String offset,
                                   @QueryParam("timestamp") String timestamp, @QueryParam("limit") String limit,
                                   @QueryParam("produced") String produced) {
        BrowseRequest browse = BrowseRequest.parse(partition, from, offset, timestamp, limit,
                config.messagesDefaultLimit(), config.messagesMaxLimit());
        Window window = read(name, browse);
        List<MessageRow> rows = window.records().stream().map(r -> MessageRow.of(r, config.curlGateway())).toList();
        String topicHref = TopicPage.href(name);
        long start = window.start();
        String older = start > window.logStart() ? browse.hrefFrom(topicHref, Math.max(window.logStart(), start - browse.limit())) : null;
        long next = start + rows.size();
        String newer = next < window.end() ? browse.hrefFrom(topicHref, next) : null;
        String download = rows.isEmpty() ? null : browse.downloadHref(topicHref, start);
        return Templates.messages(window.topic(), browse, rows, start, next - 1, window.shown(), topicHref, older, newer,
                download, produced, EMPTY_SEARCH);
    }

    /**
     * The same read as the page, as JSON lines ({@link MessageJson}, one record a line, oldest
     * first), offered as a file named after the topic, partition and offsets.
     */
    @GET
    @Path("download")
    @Produces("application/x-ndjson")
    public Response download(@PathParam("topic") String name, @QueryParam("partition") String partition,
                             @QueryParam("from") String from, @QueryParam("offset") String offset,
                             @QueryParam("timestamp") String timestamp, @QueryParam("limit") String limit) {
        BrowseRequest browse = BrowseRequest.parse(partition, from, offset, timestamp, limit,
                config.messagesDefaultLimit(), config.messagesMaxLimit());
        Window window = read(name, browse);
        StringBuilder lines = new StringBuilder();
        window.records().forEach(record -> lines.append(MessageJson.line(record)).append('\n'));
        String file = name + "-p" + browse.partition() + "-" + window.start() + "-" + (window.start() + window.records().size() - 1) + ".jsonl";
        return Response.ok(lines.toString(), "application/x-ndjson")
                .header("Content-Disposition", "attachment; filename=\"" + file.replaceAll("[^A-Za-z0-9._-]", "_") + "\"").build();
    }

    /** What one read found: the topic, the partition read, its log start and end, where the read began and its records. */
    private record Window(TopicReport topic, PartitionReport shown, long logStart, long end, long start, List<RecordReport> records) {
    }

    private Window read(String name, BrowseRequest browse) {
        TopicReport topic = gateway.topic(name);
        PartitionReport shown = topic.partitions().stream().filter(p -> p.partition() == browse.partition()).findFirst()
                .orElseThrow(() -> new ConsoleProblem(404, "UNKNOWN_TOPIC_OR_PARTITION", "Unknown topic or partition",
                        "partition: topic '" + name + "' has partitions 0 to " + (topic.partitions().size() - 1)
                                + ", not " + browse.partition()));
        long logStart = shown.logStartOffset() == null ? 0 : shown.logStartOffset();
        long end = shown.highWatermark() == null ? 0 : shown.highWatermark();
        long start = switch (browse.from()) {
            case "offset" -> browse.offset();
            case "timestamp" -> offsetAt(name, browse.partition(), browse.timestampMs());
            default -> Math.max(logStart, end - browse.limit());
        };
        List<RecordReport> records = start == end ? List.of() : gateway.records(name, browse.partition(), start, browse.limit());
        return new Window(topic, shown, logStart, end, start, records);
    }

    /** Produces one record and shows it, read back from where the gateway stored it. */
    @POST
    @Audited(action = AuditAction.RECORDS_PRODUCE, target = "topic", details = {"partition"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response produce(@PathParam("topic") String name, @FormParam("key") String key, @FormParam("value") String value,
                            @FormParam("partition") String partition, @FormParam("headers") String headers) {
        ProduceForm form = ProduceForm.parse(key, value, partition, headers);
        ProducedOffset stored = gateway.produce(name, form.partition(), form.request()).get(0);
        return Response.seeOther(URI.create(TopicPage.href(name) + "/messages?partition=" + stored.partition()
                + "&from=offset&offset=" + stored.offset() + "&limit=1&produced=" + stored.offset())).build();
    }

    private long offsetAt(String topic, int partition, long timestampMs) {
        var request = GatewayClient.object().put("to", "timestamp").put("timestamp", timestampMs).put("dry_run", true);
        request.putArray("topics").addObject().put("topic", topic).putArray("partitions").add(partition);
        List<ResetOffsetReport> found = gateway.resetOffsets(LOOKUP_GROUP, request);
        return found.isEmpty() ? 0 : found.get(0).offset();
    }
}
