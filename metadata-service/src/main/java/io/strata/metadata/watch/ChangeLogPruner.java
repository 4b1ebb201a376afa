package io.strata.metadata.watch;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.strata.metadata.config.MetadataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps the change log to its latest {@code strata.metadata.change-log-retention} entries. */
@ApplicationScoped
public class ChangeLogPruner {

    private static final Logger LOG = Logger.getLogger(ChangeLogPruner.class);

    private final ChangeLogReader reader;
    private final MetadataConfig config;

    public ChangeLogPruner(ChangeLogReader reader, MetadataConfig config) {
        this.reader = reader;
        this.config = config;
    }

    @Scheduled(every = "60s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return reader.prune(config.changeLogRetention())
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("pruned %d change log entries", deleted);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("change log pruning failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
