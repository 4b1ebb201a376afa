package io.strata.adminui.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.GroupReport;
import io.strata.adminui.gateway.OffsetLagReport;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.ResetOffsetReport;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer group's page ({@code /groups/{g}}): members and their assignment, each committed
 * partition's offset, log end, lag in records and in time ({@link LagAges}), and an estimate of the
 * time to catch up from the consume rate seen between views ({@link ConsumeRates}); an offset reset shown first as a dry run
 * ({@code GET /groups/{g}/reset?...}, a link like any page: it changes nothing) and applied only by
 * posting its confirmation; and deleting the group after typing its id.
 */
@Path("/groups/{group}")
@Blocking
public class GroupPage {

    @Inject
    GatewayClient gateway;

    @Inject
    LagAges lagAges;

    @Inject
    ConsumeRates rates;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance group(GroupReport group, List<OffsetRow> offsets, List<String> topics, String href,
                                             boolean resetApplied, CatchUp catchUp);

        static native TemplateInstance reset(GroupReport group, ResetChoice choice, List<PlanRow> plan, String href);
    }

    public static String href(String groupId) {
        return "/groups/" + URLEncoder.encode(groupId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@PathParam("group") String groupId, @QueryParam("reset") String reset) {
        GroupReport group = gateway.group(groupId);
        return Templates.group(group, lagAges.of(group.offsets()), topics(group), href(groupId), "applied".equals(reset),
                rates.observe(group, System.currentTimeMillis()));
    }

    /** The dry run: what the reset would store, before → after per partition. Changes nothing. */
    @GET
    @Path("reset")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance preview(@PathParam("group") String groupId, @QueryParam("to") String to,
                                    @QueryParam("value") String value, @QueryParam("topic") String topic,
                                    @QueryParam("partitions") String partitions) {
        GroupReport group = gateway.group(groupId);
        ResetChoice choice = ResetChoice.parse(to, value, topic, partitions, topics(group));
        return Templates.reset(group, choice, plan(groupId, group, choice), href(groupId));
    }

    /** Applies the reset the dry run showed (the same form values), then shows the group. */
    @POST
    @Path("reset")
    @Audited(action = AuditAction.OFFSETS_RESET, target = "group", details = {"to", "value", "topic", "partitions"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response apply(@PathParam("group") String groupId, @FormParam("to") String to, @FormParam("value") String value,
                          @FormParam("topic") String topic, @FormParam("partitions") String partitions) {
        GroupReport group = gateway.group(groupId);
        ResetChoice choice = ResetChoice.parse(to, value, topic, partitions, topics(group));
        if (choice.shift()) {
            for (ObjectNode request : OffsetShift.requests(plan(groupId, group, choice))) {
                gateway.resetOffsets(groupId, request);
            }
        } else {
            gateway.resetOffsets(groupId, choice.request(false));
        }
        return Response.seeOther(URI.create(href(groupId) + "?reset=applied")).build();
    }

    /** Deletes the group once {@code confirm} repeats its id exactly (the gateway refuses a group with members). */
    @POST
    @Path("delete")
    @Audited(action = AuditAction.GROUP_DELETE, target = "group")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("group") String groupId, @FormParam("confirm") String confirm) {
        if (!groupId.equals(confirm)) {
            throw ConsoleProblem.invalid("confirm: type the group's id '" + groupId + "' to delete it; got '"
                    + (confirm == null ? "" : confirm) + "'");
        }
        gateway.deleteGroup(groupId);
        return Response.seeOther(URI.create("/groups?deleted=" + URLEncoder.encode(groupId, StandardCharsets.UTF_8))).build();
    }

    private List<PlanRow> plan(String groupId, GroupReport group, ResetChoice choice) {
        if (choice.shift()) {
            return OffsetShift.plan(group.offsets(), choice, logStarts(choice.topics()));
        }
        Map<String, Long> before = new HashMap<>();
        group.offsets().forEach(o -> before.put(o.topic() + "/" + o.partition(), o.committedOffset()));
        List<ResetOffsetReport> after = gateway.resetOffsets(groupId, choice.request(true));
        return after.stream().map(o -> new PlanRow(o.topic(), o.partition(), before.get(o.topic() + "/" + o.partition()), o.offset()))
                .toList();
    }

    private Map<String, Long> logStarts(List<String> topics) {
        Map<String, Long> starts = new HashMap<>();
        for (String name : topics) {
            TopicReport topic = gateway.topic(name);
            for (PartitionReport p : topic.partitions()) {
                if (p.logStartOffset() != null) {
                    starts.put(name + "/" + p.partition(), p.logStartOffset());
                }
            }
        }
        return starts;
    }

    /** The topics the group has committed offsets of, in order. */
    private static List<String> topics(GroupReport group) {
        return group.offsets().stream().map(OffsetLagReport::topic).distinct().sorted().toList();
    }
}
