package io.strata.api.acl;

import io.strata.api.cache.RefreshingSnapshot;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The ACL decision a node's Kafka listener and the gateway take requests with: every binding of
 * the metadata service, read whole and kept as one immutable {@link AclAuthorizer}. One class for
 * both, so REST, gRPC and the Kafka listener decide alike.
 *
 * <p>Design: a TTL, not the metadata watch (ACLs are no metadata event). The first request waits
 * for the first read (asynchronously: its stage completes when the read answers; no thread waits).
 * Afterwards a request is decided at once with the snapshot held, which the owner's timer renews
 * ({@link #renew()} every {@link #renewalPeriod()}) whether or not requests come, so a binding
 * changed through another node is in force here within the TTL plus one read, also on a node that
 * was idle (see {@link RefreshingSnapshot}). A change made through this node calls {@link #refresh()}, whose stage the
 * handler awaits before it answers, so it is in force here when the client hears back. A failed
 * re-read keeps the last snapshot (logged; the next request retries): while the metadata service
 * is unreachable the node decides with the bindings it last saw. A failed first read fails the
 * request (its error, e.g. REQUEST_TIMED_OUT), never allowing it.
 *
 * <p>Thread-safe: a {@link RefreshingSnapshot} holds the decision.
 */
public final class AclCache {

    private final RefreshingSnapshot<AclAuthorizer> snapshot;

    /** A cache with the settings of {@code strata.node.kafka.acl.*} or {@code strata.gateway.acl.*}. */
    public static AclCache of(AclSettings settings, Supplier<CompletionStage<List<AclBinding>>> loader) {
        return new AclCache(loader, Set.copyOf(settings.superUsers().orElse(List.of())), settings.allowEveryoneIfNoAclFound(),
                settings.cacheTtl(), System::nanoTime);
    }

    public AclCache(Supplier<CompletionStage<List<AclBinding>>> loader, Set<String> superUsers,
                    boolean allowEveryoneIfNoAclFound, Duration ttl, LongSupplier nanoClock) {
        Set<String> supers = Set.copyOf(superUsers);
        this.snapshot = new RefreshingSnapshot<>("the ACLs",
                () -> loader.get().thenApply(bindings -> new AclAuthorizer(bindings, supers, allowEveryoneIfNoAclFound)), ttl, nanoClock);
    }

    /** The decision to take a request with: at once once a snapshot exists (re-reading it in the background when old). */
    public CompletionStage<AclAuthorizer> authorizer() {
        return snapshot.get();
    }

    /** Re-reads the bindings in the background when the copy held is half a TTL old; the owner's timer calls it. */
    public void renew() {
        snapshot.renew();
    }

    /** How often the owner calls {@link #renew()}. */
    public Duration renewalPeriod() {
        return snapshot.renewalPeriod();
    }

    /** Reads the bindings again (joining a read in flight); the stage completes with the new decision. */
    public CompletionStage<AclAuthorizer> refresh() {
        return snapshot.refresh();
    }
}
