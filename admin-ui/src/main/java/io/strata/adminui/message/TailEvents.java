package io.strata.adminui.message;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.adminui.auth.SessionContext;
import io.strata.adminui.auth.SessionStore;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.RecordReport;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live tail's server-sent events ({@code GET /topics/{t}/tail/events?cursor=&read=&shown=&skipped=&q=},
 * {@code text/event-stream}): one event per poll, {@code tail-poll-interval} after the previous
 * one's answer, each a JSON object {@code {"rows","control","problem"}} — the new rows as table-row
 * HTML (newest first), the control bar with the cursor after them, and a failure's problem region
 * (the stream then goes on polling: a gateway that comes back resumes the tail).
 *
 * <p>Every poll emits an event, rows or not, so a viewer who left is noticed at the next write and
 * the stream ends. Nothing blocks: the gateway is called asynchronously ({@link GatewayClient#topicAsync},
 * {@link GatewayClient#recordsAsync}) and the events are built on the HTTP client's threads. The
 * cursor of one stream lives in that stream only; the URL of every control bar carries it, so the
 * browser reopens the stream where it stood after a pause or a dropped connection.
 *
 * <p>With the console's login, each poll first checks that the session that opened the stream is
 * still live (without counting the poll as a use); once it has ended (signed out, idle, too old) the
 * stream sends one last event with a 401 problem and ends, so a signed-out user's password is not
 * used by a tail left open.
 */
@Path("/topics/{topic}/tail/events")
public class TailEvents {

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @Inject
    SessionContext session;

    @Inject
    SessionStore sessions;

    private static final String SESSION_ENDED = "AUTHENTICATION_FAILED";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance rows(List<MessageRow> rows);

        static native TemplateInstance control(TailControl control);
    }

    /** One event: rows HTML (may be empty), the control bar HTML, and the problem of a failed poll or null. */
    public record TailEvent(String rows, String control, Problem problem) {
    }

    /** Why a poll failed, as the page's problem region shows it. */
    public record Problem(String title, String detail, String errorCode) {
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<TailEvent> events(@PathParam("topic") String name, @QueryParam("cursor") String cursor, @QueryParam("q") String q,
                                   @QueryParam("read") String read, @QueryParam("shown") String shown,
                                   @QueryParam("skipped") String skipped) {
        String filter = TailPage.filter(q, config.maxSearchLength());
        AtomicReference<TailCursor> at = new AtomicReference<>(TailCursor.parse(cursor, read, shown, skipped));
        GatewayClient caller = gateway.asCurrentCaller();   // the polls run off the request: fix who they call as now
        String sessionId = session.sessionId();
        return Multi.createBy().repeating().uni(() -> sessionId != null && !sessions.isLive(sessionId)
                        ? Uni.createFrom().item(ended(name, filter, at.get())) : poll(caller, name, filter, at)).withDelay(config.tailPollInterval())
                .whilst(event -> event.problem() == null || !SESSION_ENDED.equals(event.problem().errorCode()));
    }

    private TailEvent ended(String name, String filter, TailCursor from) {
        return new TailEvent("", Templates.control(TailControl.of(name, filter, from, config)).render(),
                new Problem("Signed out", "the session ended: sign in again to go on tailing", SESSION_ENDED));
    }

    private Uni<TailEvent> poll(GatewayClient gateway, String name, String filter, AtomicReference<TailCursor> at) {
        TailCursor from = at.get();
        return Uni.createFrom().completionStage(() -> gateway.topicAsync(name).thenCompose(topic -> {
            TailPlan plan = TailPlan.of(topic.partitions(), from, config.tailMaxRecordsPerPoll());
            List<CompletableFuture<List<RecordReport>>> reads = plan.reads().stream()
                    .map(r -> gateway.recordsAsync(name, r.partition(), r.from(), r.count())).toList();
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenApply(done -> TailStep.of(from, plan, reads.stream().map(CompletableFuture::join).toList(), filter,
                            config.curlGateway()));
        })).map(step -> {
            at.set(step.cursor());
            return new TailEvent(Templates.rows(step.rows()).render(), Templates.control(TailControl.of(name, filter, step.cursor(), config)).render(), null);
        }).onFailure().recoverWithItem(failure -> {
            ConsoleProblem problem = GatewayClient.problemOf(failure);
            return new TailEvent("", Templates.control(TailControl.of(name, filter, from, config)).render(),
                    new Problem(problem.title(), problem.detail(), problem.errorCode()));
        });
    }
}
