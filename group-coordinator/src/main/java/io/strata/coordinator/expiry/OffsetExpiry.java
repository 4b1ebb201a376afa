package io.strata.coordinator.expiry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.coordinator.config.CoordinatorConfig;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.offsets.OffsetRetention;
import io.strata.coordinator.offsets.OffsetStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;

/**
 * Every {@code strata.coordinator.offsets-retention-check-interval}, deletes the committed offsets
 * of the groups {@link OffsetRetention} says have expired: no member, and nothing committed nor
 * any member left for {@code offsets-retention}. The groups are judged one at a time, the
 * presence read again just before each delete, so a member that joined since the scan keeps its
 * group's offsets. Reactive, on a Vert.x context; every coordinator instance may run it (the
 * deletes are idempotent). Counted in {@code strata_coordinator_offsets_expired_total}.
 */
@ApplicationScoped
public class OffsetExpiry {

    private static final Logger LOG = Logger.getLogger(OffsetExpiry.class);

    private final OffsetStore offsets;
    private final GroupCoordinator groups;
    private final OffsetRetention retention;
    private final Clock clock;
    private final Counter expired;

    public OffsetExpiry(OffsetStore offsets, GroupCoordinator groups, CoordinatorConfig config, Clock clock,
                        MeterRegistry registry) {
        this.offsets = offsets;
        this.groups = groups;
        this.retention = new OffsetRetention(config.offsetsRetention());
        this.clock = clock;
        this.expired = Counter.builder("strata.coordinator.offsets.expired")
                .description("committed offsets deleted because their group expired (offsets-retention)").register(registry);
    }

    @Scheduled(every = "${strata.coordinator.offsets-retention-check-interval}",
            delayed = "${strata.coordinator.offsets-retention-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expire() {
        return offsets.newestCommits().onItem().transformToMulti(newest -> Multi.createFrom().iterable(newest.entrySet()))
                .onItem().transformToUniAndConcatenate(this::expireIfDue)
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> expireIfDue(Map.Entry<String, Long> group) {
        String groupId = group.getKey();
        long newestCommitMs = group.getValue();
        if (!retention.expired(groups.presence(groupId), newestCommitMs, clock.millis())) {
            return Uni.createFrom().voidItem();
        }
        return offsets.expire(groupId, newestCommitMs).invoke(count -> {
            expired.increment(count);
            LOG.infof("group '%s': %d committed offsets expired (no member, newest commit %d ms ago; offsets-retention %s)",
                    groupId, count, clock.millis() - newestCommitMs, retention.retention());
        }).replaceWithVoid();
    }
}
