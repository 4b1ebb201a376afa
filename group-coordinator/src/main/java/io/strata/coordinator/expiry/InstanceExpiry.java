package io.strata.coordinator.expiry;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.ConsumerInstance;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.instance.ConsumerInstanceStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Every {@code strata.coordinator.consumer-instance-check-interval}, deletes the REST consumer
 * instances idle past their timeout and takes their members out of their groups (so their
 * partitions move on at once, not only after the session timeout). Every coordinator instance may
 * run it: the deletes are transactional, a second run finds nothing.
 */
@ApplicationScoped
public class InstanceExpiry {

    private static final Logger LOG = Logger.getLogger(InstanceExpiry.class);

    private final ConsumerInstanceStore instances;
    private final GroupCoordinator groups;

    public InstanceExpiry(ConsumerInstanceStore instances, GroupCoordinator groups) {
        this.instances = instances;
        this.groups = groups;
    }

    @Scheduled(every = "${strata.coordinator.consumer-instance-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deleteIdle() {
        return instances.deleteIdle().invoke(deleted -> deleted.forEach(this::leave)).replaceWithVoid();
    }

    private void leave(ConsumerInstance instance) {
        LOG.infof("consumer instance '%s' of group '%s' expired after %d ms idle", instance.getName(),
                instance.getGroupId(), instance.getIdleTimeoutMs());
        if (!instance.getMemberId().isEmpty()) {
            groups.remove(instance.getGroupId(), instance.getMemberId());
        }
    }
}
