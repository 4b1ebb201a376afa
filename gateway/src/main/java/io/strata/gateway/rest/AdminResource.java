package io.strata.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.gateway.acl.Visibility;
import io.strata.gateway.admin.AdminService;
import io.strata.gateway.admin.TopicListQuery;
import io.strata.gateway.admin.TopicListing;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataCache;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * The admin API under {@code /admin}: topics (create, list, describe with offsets, delete, add
 * partitions, alter and describe configs) and the cluster (nodes, controller, metadata version). Bodies are read by
 * {@link AdminJson}; calls go to the metadata service through {@link AdminService}, except the topic
 * list, which this gateway's metadata view answers ({@link TopicListing}).
 */
@Path("/admin")
public class AdminResource {

    @Inject
    AdminService admin;
    @Inject
    MetadataCache cache;
    @Inject
    GatewayConfig config;

    @POST
    @Path("topics")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createTopic(byte[] body) {
        return Uni.createFrom().deferred(() -> admin.createTopic(AdminJson.createTopic(body)))
                .map(created -> Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                        .entity(JsonBodies.bytes(AdminJson.topic(created.getTopic(), Map.of()))).build());
    }

    /**
     * The topic list, from this gateway's metadata view (nothing is asked of the metadata service).
     * Without parameters: every topic described, as an array (the original answer); with any of
     * {@code q, sort, dir, page, size}: one page object; {@code fields=summary} leaves out the
     * partitions. See {@link TopicListQuery}.
     */
    @GET
    @Path("topics")
    public Uni<Response> listTopics(@QueryParam("q") String q, @QueryParam("sort") String sort, @QueryParam("dir") String dir,
                                    @QueryParam("page") String page, @QueryParam("size") String size,
                                    @QueryParam("fields") String fields, @Context ContainerRequestContext request) {
        Visibility visibility = Visibility.of(request.getProperty(Visibility.PROPERTY));
        return Uni.createFrom().item(() -> {
            TopicListQuery query = TopicListQuery.parse(q, sort, dir, page, size, fields, config.adminListMaxPageSize());
            ClusterMetadata view = visibility.topicsOf(cache.current());
            if (query.paged()) {
                return JsonBodies.ok(TopicListJson.page(TopicListing.page(view, query), query));
            }
            List<TopicListing.Summary> all = TopicListing.all(view);
            return JsonBodies.ok(query.summary() ? all.stream().map(TopicListJson::summary).toList()
                    : all.stream().map(s -> AdminJson.topic(s.topic(), Map.of())).toList());
        });
    }

    @GET
    @Path("topics/{topic}")
    public Uni<Response> describeTopic(@PathParam("topic") String topic) {
        return admin.describeWithOffsets(topic).map(described -> JsonBodies.ok(AdminJson.topic(described.topic(), described.offsets())));
    }

    @DELETE
    @Path("topics/{topic}")
    public Uni<Response> deleteTopic(@PathParam("topic") String topic) {
        return admin.deleteTopic(DeleteTopicRequest.newBuilder().setName(topic).build())
                .map(deleted -> Response.noContent().build());
    }

    /** Adds partitions: the body gives the new total; answers the topic as it now is. */
    @POST
    @Path("topics/{topic}/partitions")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> createPartitions(@PathParam("topic") String topic, byte[] body) {
        return Uni.createFrom().deferred(() -> admin.createPartitions(AdminJson.createPartitions(topic, body)))
                .map(grown -> JsonBodies.ok(AdminJson.topic(grown.getTopic(), Map.of())));
    }

    @PUT
    @Path("topics/{topic}/configs")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> alterConfigs(@PathParam("topic") String topic, byte[] body) {
        return Uni.createFrom().deferred(() -> admin.alterConfigs(AdminJson.alterConfigs(topic, body)))
                .map(altered -> JsonBodies.ok(AdminJson.topic(altered.getTopic(), Map.of())));
    }

    @GET
    @Path("topics/{topic}/configs")
    public Uni<Response> describeConfigs(@PathParam("topic") String topic) {
        return admin.describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(topic).build())
                .map(configs -> JsonBodies.ok(configs.getEntriesList().stream().map(AdminJson::config).toList()));
    }

    /** The cluster-wide defaults of topic configs: every known key, its value and source (CLUSTER, STATIC or DEFAULT). */
    @GET
    @Path("cluster/configs")
    public Uni<Response> describeClusterConfigs() {
        return admin.describeConfigs(DescribeConfigsRequest.getDefaultInstance())
                .map(configs -> JsonBodies.ok(configs.getEntriesList().stream().map(AdminJson::config).toList()));
    }

    /** Sets and removes cluster-wide defaults ({@link AdminJson#alterClusterConfigs}); answers as the GET does after it. */
    @PATCH
    @Path("cluster/configs")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> alterClusterConfigs(byte[] body) {
        return Uni.createFrom().deferred(() -> admin.alterClusterConfigs(AdminJson.alterClusterConfigs(body)))
                .chain(altered -> describeClusterConfigs());
    }

    @GET
    @Path("cluster")
    public Uni<Response> cluster() {
        return admin.describeCluster().map(cluster -> JsonBodies.ok(AdminJson.cluster(cluster)));
    }
}
