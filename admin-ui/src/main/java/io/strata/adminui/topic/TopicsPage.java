package io.strata.adminui.topic;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.cluster.PartitionHealth;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.ClusterReport;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.TopicListCache;
import io.strata.adminui.gateway.TopicReport;
import io.strata.adminui.listing.ListPage;
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

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topic list ({@code /topics}): search, sort and paging done here on the server from one
 * {@code GET /admin/topics}, the state in the URL; and creating a topic ({@code POST /topics}).
 */
@Path("/topics")
@Blocking
public class TopicsPage {

    /** Sort keys, the first the default and the tie-breaker. */
    static final Map<String, Comparator<TopicRow>> SORTS = sorts();

    @Inject
    GatewayClient gateway;

    @Inject
    AdminUiConfig config;

    @Inject
    TopicListCache topicList;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance topics(List<TopicRow> rows, Paging paging, String deleted);
    }

    private static Map<String, Comparator<TopicRow>> sorts() {
        Map<String, Comparator<TopicRow>> sorts = new LinkedHashMap<>();
        sorts.put("name", Comparator.comparing(TopicRow::name));
        sorts.put("partitions", Comparator.comparingInt(TopicRow::partitions));
        sorts.put("replication", Comparator.comparingInt(TopicRow::replicationFactor));
        sorts.put("under_replicated", Comparator.comparingInt(TopicRow::underReplicated));
        sorts.put("offline", Comparator.comparingInt(TopicRow::offline));
        return sorts;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("q") String search, @QueryParam("sort") String sort, @QueryParam("dir") String dir,
                                 @QueryParam("page") String page, @QueryParam("size") String size,
                                 @QueryParam("deleted") String deleted) {
        ListQuery query = ListQuery.parse(search, sort, dir, page, size, List.copyOf(SORTS.keySet()),
                config.pageSize(), config.maxPageSize(), config.maxSearchLength());
        ClusterReport cluster = gateway.cluster();
        Set<Integer> up = PartitionHealth.upNodes(cluster);
        List<TopicRow> rows = topicList.topics(cluster).stream().map(t -> TopicRow.of(t, up)).toList();
        ListPage<TopicRow> shown = ListPage.of(rows, query, TopicRow::name, SORTS, "/topics");
        return Templates.topics(shown.rows(), shown.paging(), deleted);
    }

    /**
     * Creates the topic and shows its page; a refusal (bad name, existing topic, config out of
     * range) is shown with the gateway's detail and nothing is created.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("name") String name, @FormParam("partitions") String partitions,
                           @FormParam("replication_factor") String replicationFactor, @FormParam("configs") String configs) {
        TopicCreation creation = TopicCreation.parse(name, partitions, replicationFactor, configs);
        TopicReport created = gateway.createTopic(creation.request());
        return TopicPage.seeOther(TopicPage.href(created.name()) + "?created=true");
    }
}
