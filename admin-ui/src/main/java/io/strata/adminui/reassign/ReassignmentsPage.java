package io.strata.adminui.reassign;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.TopicListCache;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.problem.ConsoleProblem;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The reassignments page ({@code /reassignments}): partition moves in progress with their progress,
 * refreshed while the page is open (htmx polls {@code /reassignments/moving}, the same view's live
 * part, every {@code reassignment-poll-interval}); cancelling one; starting the move of one
 * partition ({@link MoveForm}). {@code ?topic=&partition=} watches a partition until its move is
 * done, {@code ?drained=N} follows a node's drain ({@link NodeDrain}). Stateless: every view asks the
 * gateway.
 */
@Path("/reassignments")
@Blocking
public class ReassignmentsPage {

    private static final Comparator<ReassignmentRow> ORDER = Comparator.comparing(ReassignmentRow::topic)
            .thenComparingInt(ReassignmentRow::partition);

    @Inject
    GatewayClient gateway;

    @Inject
    TopicListCache topicList;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reassignments(MovesView moves, String notice);

        static native TemplateInstance moving(MovesView moves);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@QueryParam("topic") String topic, @QueryParam("partition") Integer partition,
                                 @QueryParam("drained") Integer drained, @QueryParam("notice") String notice) {
        return Templates.reassignments(view(topic, partition, drained), noticeText(notice));
    }

    /** The live part alone, for the page's polling. */
    @GET
    @Path("moving")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance moving(@QueryParam("topic") String topic, @QueryParam("partition") Integer partition,
                                   @QueryParam("drained") Integer drained) {
        return Templates.moving(view(topic, partition, drained));
    }

    /** Starts moving one partition onto the target replicas, then watches it. */
    @POST
    @Audited(action = AuditAction.REASSIGNMENT_START, target = "topic", details = {"partition", "replicas"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@FormParam("topic") String topic, @FormParam("partition") String partition,
                          @FormParam("replicas") String replicas) {
        MoveForm move = MoveForm.parse(topic, partition, replicas);
        gateway.reassign(move.topic(), move.partition(), move.replicas());
        return seeOther("/reassignments" + watch(move.topic(), move.partition()) + "&notice=started");
    }

    /** Cancels one partition's move (the gateway answers 404 NO_REASSIGNMENT_IN_PROGRESS when it has finished meanwhile). */
    @POST
    @Path("{topic}/{partition}/cancel")
    @Audited(action = AuditAction.REASSIGNMENT_CANCEL, target = "topic", details = {"partition"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("topic") String topic, @PathParam("partition") int partition) {
        gateway.cancelReassignment(topic, partition);
        return seeOther("/reassignments" + watch(topic, partition) + "&notice=cancelled");
    }

    static String watch(String topic, int partition) {
        return "?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&partition=" + partition;
    }

    private MovesView view(String topic, Integer partition, Integer drained) {
        if ((topic == null || topic.isBlank()) != (partition == null)) {
            throw ConsoleProblem.invalid("topic and partition: give both to watch a partition's move, or neither");
        }
        List<ReassignmentRow> rows = gateway.reassignments().stream().map(ReassignmentRow::of).sorted(ORDER).toList();
        MovesView.Watched watched = partition == null ? null : watched(rows, topic, partition);
        MovesView.DrainProgress drain = drained == null ? null : drain(rows, drained);
        StringBuilder poll = new StringBuilder("/reassignments/moving?");
        if (partition != null) {
            poll.append(watch(topic, partition).substring(1)).append('&');
        }
        if (drained != null) {
            poll.append("drained=").append(drained);
        }
        return new MovesView(rows, watched, drain, poll.toString(), config.reassignmentPollInterval().toMillis());
    }

    private MovesView.Watched watched(List<ReassignmentRow> rows, String topic, int partition) {
        boolean moving = rows.stream().anyMatch(r -> r.topic().equals(topic) && r.partition() == partition);
        if (moving) {
            return new MovesView.Watched(topic, partition, true, null);
        }
        PartitionReport current = gateway.topic(topic).partitions().stream().filter(p -> p.partition() == partition)
                .findFirst().orElse(null);
        return new MovesView.Watched(topic, partition, false, current);
    }

    private MovesView.DrainProgress drain(List<ReassignmentRow> rows, int node) {
        int held = 0;
        for (TopicReport topic : topicList.topics(gateway.cluster())) {
            held += (int) topic.partitions().stream().filter(p -> p.replicas().contains(node)).count();
        }
        return new MovesView.DrainProgress(node, held, (int) rows.stream().filter(r -> r.removes(node)).count());
    }

    static String noticeText(String notice) {
        if (notice == null) {
            return null;
        }
        return switch (notice) {
            case "started" -> "Move started.";
            case "cancelled" -> "Move cancelled: the partition keeps its old replicas.";
            case "drain-empty" -> "The node holds no replicas: nothing to move.";
            case "drain-started" -> "Drain started: every replica on the node is moving to the others.";
            default -> null;
        };
    }

    static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}
