package io.strata.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.gateway.admin.AdminService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /brokers} of the Kafka REST Proxy v2: the ids of the partition nodes whose lease is
 * current ({@code {"brokers":[1,2,3]}}), as Kafka lists its live brokers. The admin API's
 * {@code GET /admin/cluster} shows every registered node with its state.
 */
@Path("/brokers")
public class BrokerResource {

    @Inject
    AdminService admin;

    @GET
    public Uni<Response> brokers() {
        return admin.describeCluster().map(cluster -> JsonBodies.ok(new TopicJson.Brokers(cluster.getNodesList().stream()
                .filter(node -> node.getState() == NodeState.NODE_STATE_UP)
                .map(NodeDescription::getNodeId).sorted().toList())));
    }
}
