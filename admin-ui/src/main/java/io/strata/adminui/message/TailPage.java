package io.strata.adminui.message;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.RecordReport;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.problem.ConsoleProblem;
import io.strata.adminui.topic.TopicPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live tail of a topic ({@code /topics/{t}/tail?q=}): every partition merged, newest on top,
 * from the moment the page opens. The page polls ({@code /tail/poll}, htmx, one request after each
 * answer, {@code tail-poll-interval} apart) through the gateway's partition reads, so it needs no
 * push channel and the console keeps no state per viewer: the poll's URL carries the cursor and the
 * counts ({@link TailCursor}). Each poll reads at most {@code tail-max-records-per-poll} records
 * ({@link TailPlan}) and says honestly what it skipped; the page keeps at most {@code tail-max-rows}
 * rows. {@code q} keeps only records whose key, value or a header contains it (any case). Pause
 * stops the polling; resume goes on from where it stood.
 */
@Path("/topics/{topic}/tail")
@Blocking
public class TailPage {

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tail(TopicReport topic, String topicHref, TailControl control);

        static native TemplateInstance poll(List<MessageRow> rows, TailControl control);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@PathParam("topic") String name, @QueryParam("q") String q) {
        String filter = filter(q);
        TopicReport topic = gateway.topic(name);
        Map<Integer, Long> end = new TreeMap<>();
        topic.partitions().forEach(p -> end.put(p.partition(), p.highWatermark() == null ? 0 : p.highWatermark()));
        return Templates.tail(topic, TopicPage.href(name), control(name, filter, new TailCursor(end, 0, 0, 0), false));
    }

    /** The rows new since {@code cursor} (to put on top) and the control bar with the next cursor. */
    @GET
    @Path("poll")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance poll(@PathParam("topic") String name, @QueryParam("cursor") String cursor, @QueryParam("q") String q,
                                 @QueryParam("read") String read, @QueryParam("shown") String shown,
                                 @QueryParam("skipped") String skipped, @QueryParam("paused") boolean paused) {
        String filter = filter(q);
        TailCursor at = TailCursor.parse(cursor, read, shown, skipped);
        if (paused) {
            return Templates.poll(List.of(), control(name, filter, at, true));
        }
        List<PartitionReport> partitions = gateway.topic(name).partitions();
        TailPlan plan = TailPlan.of(partitions, at, config.tailMaxRecordsPerPoll());
        Map<Integer, Long> next = new TreeMap<>(plan.next());
        List<RecordReport> all = new ArrayList<>();
        for (TailPlan.Read r : plan.reads()) {
            List<RecordReport> records = gateway.records(name, r.partition(), r.from(), r.count());
            all.addAll(records);
            if (!records.isEmpty() && records.size() < r.count()) {
                next.put(r.partition(), records.get(records.size() - 1).offset() + 1);   // the rest next time
            }
        }
        all.sort(Comparator.comparingLong(RecordReport::timestamp).thenComparingInt(RecordReport::partition)
                .thenComparingLong(RecordReport::offset).reversed());
        String lower = filter.toLowerCase(Locale.ROOT);
        List<MessageRow> rows = all.stream().map(MessageRow::of).filter(m -> lower.isEmpty() || m.contains(lower)).toList();
        TailCursor after = new TailCursor(next, at.read() + all.size(), at.shown() + rows.size(), at.skipped() + plan.skipped());
        return Templates.poll(rows, control(name, filter, after, false));
    }

    private TailControl control(String name, String filter, TailCursor cursor, boolean paused) {
        return new TailControl(TopicPage.href(name), filter, cursor, paused, config.tailPollInterval().toMillis(),
                config.tailMaxRows(), config.tailMaxRecordsPerPoll());
    }

    private String filter(String q) {
        String filter = q == null ? "" : q.strip();
        if (filter.length() > config.maxSearchLength()) {
            throw ConsoleProblem.invalid("q: at most " + config.maxSearchLength() + " characters (strata.admin-ui.max-search-length), got "
                    + filter.length());
        }
        return filter;
    }
}
