package io.strata.adminui.reassign;

import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.Audited;
import io.strata.adminui.gateway.DrainReport;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Draining a node, from the cluster page ({@code POST /nodes/drain}, form fields {@code node} and
 * {@code confirm}): once {@code confirm} repeats the node's id, the gateway plans a move of every replica on it onto the other nodes and
 * starts them; the reassignments page then follows the drain ({@code ?drained=N}) until the node
 * holds nothing. Stateless.
 */
@Path("/nodes/drain")
@Blocking
public class NodeDrain {

    @Inject
    GatewayClient gateway;

    @POST
    @Audited(action = AuditAction.NODE_DRAIN, target = "node")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response drain(@FormParam("node") String nodeId, @FormParam("confirm") String confirm) {
        int node = nodeId(nodeId);
        if (confirm == null || !confirm.strip().equals(Integer.toString(node))) {
            throw ConsoleProblem.invalid("confirm: type the node's id " + node + " to drain it; got '"
                    + (confirm == null ? "" : confirm.strip()) + "'");
        }
        DrainReport drain = gateway.drain(node);
        return ReassignmentsPage.seeOther("/reassignments?drained=" + node + "&notice="
                + (drain.moves().isEmpty() ? "drain-empty" : "drain-started"));
    }

    private static int nodeId(String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw ConsoleProblem.invalid("node: '" + (text == null ? "" : text.strip()) + "' is not a node id");
        }
    }
}
