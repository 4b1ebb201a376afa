package io.strata.adminui.topic;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.cluster.PartitionHealth;
import io.strata.adminui.gateway.ConfigReport;
import io.strata.adminui.gateway.GatewayClient;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A topic's page ({@code /topics/{t}}): its partitions (leader, replicas, ISR, log start, high
 * watermark) and its configs, each override beside the cluster default, editable in place
 * ({@code ?edit=<config>} puts a row in edit mode, so that too is a link); adding partitions; and
 * deleting the topic after typing its name.
 */
@Path("/topics/{topic}")
@Blocking
public class TopicPage {

    @Inject
    GatewayClient gateway;

    @Inject
    ConfigDefaults defaults;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance topic(TopicReport topic, List<PartitionRow> partitions, List<ConfigRow> configs,
                                             String href, boolean created, String saved, Integer grown);
    }

    /** The page of topic {@code name}. */
    public static String href(String name) {
        return "/topics/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Post/redirect/get: 303 to {@code location} (htmx follows it and shows the page it lands on, its URL pushed). */
    static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance show(@PathParam("topic") String name, @QueryParam("edit") String edit,
                                 @QueryParam("created") boolean created, @QueryParam("saved") String saved,
                                 @QueryParam("grown") Integer grown) {
        TopicReport topic = gateway.topic(name);
        List<ConfigReport> configs = gateway.configs(name);
        defaults.learn(configs);
        Set<String> overridden = configs.stream().filter(c -> "TOPIC".equals(c.source())).map(ConfigReport::name)
                .collect(Collectors.toSet());
        Map<String, String> defaultValues = defaults.of(name, overridden);
        if (edit != null && configs.stream().noneMatch(c -> c.name().equals(edit))) {
            throw ConsoleProblem.invalid("edit: topic '" + name + "' has no config '" + edit + "'");
        }
        List<ConfigRow> rows = configs.stream().map(c -> new ConfigRow(c.name(), c.value(), "TOPIC".equals(c.source()),
                defaultValues.get(c.name()), c.type(), c.documentation(), c.name().equals(edit))).toList();
        Set<Integer> up = PartitionHealth.upNodes(gateway.cluster());
        List<PartitionRow> partitions = topic.partitions().stream().map(p -> PartitionRow.of(p, up)).toList();
        return Templates.topic(topic, partitions, rows, href(name), created, saved, grown);
    }

    /**
     * Sets one config ({@code action=set}, the default) or removes its override ({@code action=reset});
     * a value the gateway refuses (out of range, wrong type) changes nothing and shows its detail.
     */
    @POST
    @Path("configs")
    @Audited(action = AuditAction.TOPIC_CONFIG, target = "topic", details = {"name", "value", "action"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response alterConfig(@PathParam("topic") String topic, @FormParam("name") String config,
                                @FormParam("value") String value, @FormParam("action") String action) {
        if (config == null || config.isBlank()) {
            throw ConsoleProblem.invalid("name: say which config to change");
        }
        if ("reset".equals(action)) {
            gateway.alterConfigs(topic, Map.of(), List.of(config));
        } else if (action == null || action.isBlank() || "set".equals(action)) {
            if (value == null || value.isBlank()) {
                throw ConsoleProblem.invalid(config + ": give a value, or reset the config to its default");
            }
            gateway.alterConfigs(topic, Map.of(config, value.strip()), List.of());
        } else {
            throw ConsoleProblem.invalid("action: must be set or reset, got '" + action + "'");
        }
        return seeOther(href(topic) + "?saved=" + URLEncoder.encode(config, StandardCharsets.UTF_8) + "#configs");
    }

    /**
     * Grows the topic to {@code count} partitions in all. The gateway refuses a count that is not
     * more than today's ({@code INVALID_PARTITIONS}), shown with its detail; nothing changes then.
     */
    @POST
    @Path("partitions")
    @Audited(action = AuditAction.PARTITIONS_ADD, target = "topic", details = {"count"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addPartitions(@PathParam("topic") String topic, @FormParam("count") String count) {
        Integer total = TopicCreation.optionalInt("count", count);
        if (total == null) {
            throw ConsoleProblem.invalid("count: give the new total number of partitions");
        }
        TopicReport grown = gateway.createPartitions(topic, total);
        return seeOther(href(topic) + "?grown=" + grown.partitions().size() + "#partitions-heading");
    }

    /** Deletes the topic once {@code confirm} repeats its name exactly. */
    @POST
    @Path("delete")
    @Audited(action = AuditAction.TOPIC_DELETE, target = "topic")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("topic") String topic, @FormParam("confirm") String confirm) {
        if (!topic.equals(confirm)) {
            throw ConsoleProblem.invalid("confirm: type the topic's name '" + topic + "' to delete it; got '"
                    + (confirm == null ? "" : confirm) + "'");
        }
        gateway.deleteTopic(topic);
        return seeOther("/topics?deleted=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }
}
