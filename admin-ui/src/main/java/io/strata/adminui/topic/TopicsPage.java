package io.strata.adminui.topic;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.TopicPageReport;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.listing.ListQuery;
import io.strata.adminui.listing.Paging;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The topic list ({@code /topics}): search, sort and paging done by the gateway from its metadata
 * view (one {@code GET /admin/topics?…&fields=summary} per page, only the shown rows cross), the
 * state in the URL; and creating a topic ({@code POST /topics}).
 */
@Path("/topics")
@Blocking
public class TopicsPage {

    /** Sort keys, the first the default and the tie-breaker: the gateway's own ({@code GET /admin/topics?sort=}). */
    static final List<String> SORT_KEYS = List.of("name", "partitions", "replication", "under_replicated", "offline");

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance topics(List<TopicRow> rows, Paging paging, String deleted);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("q") String search, @QueryParam("sort") String sort, @QueryParam("dir") String dir,
                                 @QueryParam("page") String page, @QueryParam("size") String size,
                                 @QueryParam("deleted") String deleted) {
        ListQuery query = ListQuery.parse(search, sort, dir, page, size, SORT_KEYS,
                config.pageSize(), config.maxPageSize(), config.maxSearchLength());
        TopicPageReport shown = gateway.topicPage(query);
        List<TopicRow> rows = shown.topics().stream().map(TopicRow::of).toList();
        return Templates.topics(rows, new Paging(query.withPage(shown.page()), shown.total(), shown.pages(), "/topics"), deleted);
    }

    /**
     * Creates the topic and shows its page; a refusal (bad name, existing topic, config out of
     * range) is shown with the gateway's detail and nothing is created.
     */
    @POST
    @Audited(action = AuditAction.TOPIC_CREATE, target = "name", details = {"partitions", "replication_factor", "configs"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("name") String name, @FormParam("partitions") String partitions,
                           @FormParam("replication_factor") String replicationFactor, @FormParam("configs") String configs) {
        TopicCreation creation = TopicCreation.parse(name, partitions, replicationFactor, configs);
        TopicReport created = gateway.createTopic(creation.request());
        return TopicPage.seeOther(TopicPage.href(created.name()) + "?created=true");
    }
}
