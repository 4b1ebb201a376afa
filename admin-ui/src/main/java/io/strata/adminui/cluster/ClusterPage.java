package io.strata.adminui.cluster;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.gateway.ClusterReport;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.TopicListCache;
import io.strata.adminui.gateway.TopicReport;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The cluster page ({@code /cluster}, also the console's home {@code /}): nodes, controller, each
 * service's readiness ({@link HealthProbe}), and the under-replicated and offline partition counts, from
 * {@code GET /admin/cluster} and {@code GET /admin/topics}.
 */
@Path("/")
@Blocking
public class ClusterPage {

    @Inject
    GatewayClient gateway;

    @Inject
    TopicListCache topicList;

    @Inject
    HealthProbe health;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance cluster(ClusterSummary summary, String gatewayAddress, List<ServiceHealth> health);
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/cluster")).build();
    }

    @GET
    @Path("cluster")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance cluster() {
        ClusterReport cluster = gateway.cluster();
        List<TopicReport> topics = topicList.topics(cluster);
        List<ServiceHealth> services = health.probe(cluster.nodes());
        ClusterSummary summary = ClusterSummary.of(cluster, topics, services.get(0).up(), System.currentTimeMillis());
        return Templates.cluster(summary, gateway.address().toString(), services);
    }
}
