package io.strata.coordinator.expiry;

import io.quarkus.scheduler.Scheduled;
import io.strata.coordinator.group.GroupCoordinator;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Every {@code strata.coordinator.expiry-check-interval}, removes the members whose session
 * timeout (no heartbeat) or rebalance timeout (revocation not acknowledged) passed; their
 * partitions go to the others. Runs on a worker thread: the groups' locks are held only briefly.
 */
@ApplicationScoped
public class MemberExpiry {

    private static final Logger LOG = Logger.getLogger(MemberExpiry.class);

    private final GroupCoordinator groups;

    public MemberExpiry(GroupCoordinator groups) {
        this.groups = groups;
    }

    @Scheduled(every = "${strata.coordinator.expiry-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void expire() {
        int removed = groups.expireSessions();
        if (removed > 0) {
            LOG.infof("removed %d members whose session or rebalance timeout passed", removed);
        }
    }
}
