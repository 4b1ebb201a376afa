package io.strata.coordinator.group;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One INFO line per rebalance (a group epoch bump), with the group and epochs as structured
 * fields: MDC keys {@code event=rebalance}, {@code group}, {@code group_epoch}, which JSON logs
 * ({@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true}) carry under {@code mdc}. Stateless; the MDC is
 * the calling thread's and is cleared before returning.
 */
final class RebalanceLog {

    private static final Logger LOG = Logger.getLogger(RebalanceLog.class);

    private RebalanceLog() {
    }

    static void started(String groupId, int fromEpoch, int toEpoch, int members) {
        MDC.put("event", "rebalance");
        MDC.put("group", groupId);
        MDC.put("group_epoch", Integer.toString(toEpoch));
        try {
            LOG.infof("group '%s' rebalances: epoch %d -> %d, %d members", groupId, fromEpoch, toEpoch, members);
        } finally {
            MDC.remove("event");
            MDC.remove("group");
            MDC.remove("group_epoch");
        }
    }
}
