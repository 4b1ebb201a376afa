package io.strata.adminui.message;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
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

import java.util.Map;
import java.util.TreeMap;

/**
 * The live tail of a topic ({@code /topics/{t}/tail?q=}): every partition merged, newest on top,
 * from the moment the page opens. The page opens {@link TailEvents}' server-sent event stream from
 * the cursor this page starts it at (each partition's high watermark); {@code console.js} puts each
 * event's rows on top, keeps at most {@code tail-max-rows} of them, and on pause closes the
 * stream, on resume reopens it from the last cursor it was sent. {@code q} keeps only records whose
 * key, value or a header contains it (any case).
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
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@PathParam("topic") String name, @QueryParam("q") String q) {
        String filter = filter(q, config.maxSearchLength());
        TopicReport topic = gateway.topic(name);
        Map<Integer, Long> end = new TreeMap<>();
        topic.partitions().forEach(p -> end.put(p.partition(), p.highWatermark() == null ? 0 : p.highWatermark()));
        return Templates.tail(topic, TopicPage.href(name), TailControl.of(name, filter, new TailCursor(end, 0, 0, 0), config));
    }

    /** The tail's filter from {@code q}: stripped, at most {@code maxLength} characters. */
    static String filter(String q, int maxLength) {
        String filter = q == null ? "" : q.strip();
        if (filter.length() > maxLength) {
            throw ConsoleProblem.invalid("q: at most " + maxLength + " characters (strata.admin-ui.max-search-length), got "
                    + filter.length());
        }
        return filter;
    }
}
