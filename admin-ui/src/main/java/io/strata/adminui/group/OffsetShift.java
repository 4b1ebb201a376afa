package io.strata.adminui.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.gateway.OffsetLagReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shift-by-N for a group's committed offsets, which the gateway's reset does not offer: each chosen
 * partition's committed offset moved by N, kept within the partition's log (not below its log start,
 * not past its log end, as Kafka's {@code --shift-by} does); partitions without a committed offset
 * are left alone. Applied as the gateway's explicit-offset resets, one per topic and target offset,
 * so it is not atomic across partitions (the gateway resets only empty groups, so no member commits
 * in between). Pure.
 */
public final class OffsetShift {

    private OffsetShift() {
    }

    /**
     * The plan: one row per chosen committed partition. {@code logStarts} maps "topic/partition" to
     * its log start offset (absent: 0); a log end of −1 (its leader did not answer) is not a bound.
     */
    public static List<PlanRow> plan(List<OffsetLagReport> committed, ResetChoice choice, Map<String, Long> logStarts) {
        List<PlanRow> plan = new ArrayList<>();
        for (OffsetLagReport o : committed) {
            if (!choice.covers(o.topic(), o.partition())) {
                continue;
            }
            long after = o.committedOffset() + choice.value();
            if (o.logEndOffset() >= 0) {
                after = Math.min(after, o.logEndOffset());
            }
            after = Math.max(after, logStarts.getOrDefault(o.topic() + "/" + o.partition(), 0L));
            plan.add(new PlanRow(o.topic(), o.partition(), o.committedOffset(), Math.max(0, after)));
        }
        return plan;
    }

    /** The gateway requests that store {@code plan}: one per topic and target offset. */
    public static List<ObjectNode> requests(List<PlanRow> plan) {
        Map<String, Map<Long, List<Integer>>> grouped = new TreeMap<>();
        for (PlanRow row : plan) {
            grouped.computeIfAbsent(row.topic(), t -> new TreeMap<>()).computeIfAbsent(row.after(), a -> new ArrayList<>())
                    .add(row.partition());
        }
        List<ObjectNode> requests = new ArrayList<>();
        grouped.forEach((topic, byOffset) -> byOffset.forEach((offset, partitions) -> {
            ObjectNode request = GatewayClient.object().put("to", "offset").put("offset", offset);
            ObjectNode entry = request.putArray("topics").addObject().put("topic", topic);
            partitions.forEach(entry.putArray("partitions")::add);
            requests.add(request.put("dry_run", false));
        }));
        return requests;
    }
}
