package io.strata.adminui.reassign;

import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.ReassignmentReport;

import java.util.List;

/**
 * One move in progress as the page shows it. Progress is what the gateway can tell: how many of the
 * adding replicas are in the ISR (caught up), of how many; the move completes (the removing replicas
 * go, leadership moves) once all are. Immutable.
 */
public record ReassignmentRow(String topic, int partition, List<Integer> replicas, List<Integer> adding, List<Integer> removing,
                              List<Integer> isr, int caughtUp) {

    public static ReassignmentRow of(ReassignmentReport report) {
        int caughtUp = (int) report.addingReplicas().stream().filter(report.isr()::contains).count();
        return new ReassignmentRow(report.topic(), report.partition(), report.replicas(), report.addingReplicas(),
                report.removingReplicas(), report.isr(), caughtUp);
    }

    /** E.g. "1 of 2 adding replicas caught up", or "finishing" once all are (the switch is under way). */
    public String progress() {
        if (adding.isEmpty()) {
            return "no replica to add; removing";
        }
        if (caughtUp == adding.size()) {
            return "all " + adding.size() + " adding replica(s) caught up; finishing";
        }
        return caughtUp + " of " + adding.size() + " adding replica(s) caught up";
    }

    /** Whether {@code node} is among the replicas leaving this partition. */
    public boolean removes(int node) {
        return removing.contains(node);
    }

    public String cancelHref() {
        return "/reassignments/" + GatewayClient.segment(topic) + "/" + partition + "/cancel";
    }
}
