package io.strata.kafka.quota;

import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.ClientQuotas;
import io.strata.api.cache.RefreshingSnapshot;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The client quotas a node enforces: every value of the metadata service, read whole into one
 * immutable {@link ClientQuotas} and re-read when older than the TTL ({@link RefreshingSnapshot}):
 * a change made through this node is in force here before its answer, and on the other nodes
 * within the TTL plus one read.
 *
 * <p>Unlike the ACLs, quotas fail open: while the quotas have never been read (the metadata
 * service unreachable since the node started), requests are served unthrottled (logged) rather
 * than refused; a node that read them once keeps enforcing the last copy. Thread-safe.
 */
public final class QuotaCache {

    private static final Logger LOG = Logger.getLogger(QuotaCache.class);

    private final RefreshingSnapshot<ClientQuotas> snapshot;
    private volatile boolean everRead;

    public QuotaCache(Supplier<CompletionStage<List<ClientQuota>>> loader, Duration ttl, LongSupplier nanoClock) {
        this.snapshot = new RefreshingSnapshot<>("the client quotas", () -> read(loader), ttl, nanoClock);
    }

    /** The quotas to enforce now; {@link ClientQuotas#NONE} until they could be read once. */
    public CompletionStage<ClientQuotas> quotas() {
        return snapshot.get();
    }

    /**
     * One read. Before the first success a failure reads as no quotas, kept for a TTL like any copy
     * (so an unreachable metadata service costs one attempt per TTL, not one per request); after it,
     * a failure keeps the last copy.
     */
    private CompletionStage<ClientQuotas> read(Supplier<CompletionStage<List<ClientQuota>>> loader) {
        return loader.get().handle((quotas, failure) -> {
            if (failure == null) {
                everRead = true;
                return ClientQuotas.of(quotas);
            }
            if (everRead) {
                throw failure instanceof RuntimeException e ? e : new java.util.concurrent.CompletionException(failure);
            }
            LOG.warnf("cannot read the client quotas (%s): serving without quotas until they can be read", failure.getMessage());
            return ClientQuotas.NONE;
        });
    }

    /**
     * Re-reads the quotas in the background when the copy held is half a TTL old; the owner calls it
     * every {@link #renewalPeriod()}, so an idle node's copy is never older than the TTL plus one read.
     */
    public void renew() {
        snapshot.renew();
    }

    /** How often the owner calls {@link #renew()}. */
    public Duration renewalPeriod() {
        return snapshot.renewalPeriod();
    }

    /** Reads the quotas again; the stage completes once the new copy is in force. */
    public CompletionStage<ClientQuotas> refresh() {
        return snapshot.refresh();
    }
}
