package io.strata.api.acl;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The ACL decision a node's Kafka listener and the gateway take requests with: every binding of the
 * metadata service, read whole and kept as one immutable {@link AclAuthorizer}. One class for both,
 * so REST, gRPC and the Kafka listener decide alike.
 *
 * <p>Design: a TTL, not the metadata watch (ACLs are no metadata event). The first request waits
 * for the first read (asynchronously: its stage completes when the read answers; no thread waits).
 * Afterwards a request is decided at once with the snapshot held; one older than the TTL starts a
 * single background re-read, so a binding changed through another node is in force here within
 * the TTL plus one read. A change made through this node calls {@link #refresh()}, whose stage the
 * handler awaits before it answers, so it is in force here when the client hears back. A failed
 * re-read keeps the last snapshot (logged; the next request retries): while the metadata service
 * is unreachable the node decides with the bindings it last saw. A failed first read fails the
 * request (its error, e.g. REQUEST_TIMED_OUT), never allowing it.
 *
 * <p>Thread-safe: the snapshot and the read in flight are atomic references; the loader is called
 * at most once at a time.
 */
public final class AclCache {

    private static final Logger LOG = Logger.getLogger(AclCache.class);

    private final Supplier<CompletionStage<List<AclBinding>>> loader;
    private final Set<String> superUsers;
    private final boolean allowEveryoneIfNoAclFound;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<AclAuthorizer>> loading = new AtomicReference<>();

    private record Snapshot(AclAuthorizer authorizer, long readAtNanos) {
    }

    /** A cache with the settings of {@code strata.node.kafka.acl.*} or {@code strata.gateway.acl.*}. */
    public static AclCache of(AclSettings settings, Supplier<CompletionStage<List<AclBinding>>> loader) {
        return new AclCache(loader, Set.copyOf(settings.superUsers().orElse(List.of())), settings.allowEveryoneIfNoAclFound(),
                settings.cacheTtl(), System::nanoTime);
    }

    public AclCache(Supplier<CompletionStage<List<AclBinding>>> loader, Set<String> superUsers,
                    boolean allowEveryoneIfNoAclFound, Duration ttl, LongSupplier nanoClock) {
        this.loader = loader;
        this.superUsers = Set.copyOf(superUsers);
        this.allowEveryoneIfNoAclFound = allowEveryoneIfNoAclFound;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The decision to take a request with: at once once a snapshot exists (re-reading it in the background when old). */
    public CompletionStage<AclAuthorizer> authorizer() {
        Snapshot snapshot = current.get();
        if (snapshot == null) {
            return refresh();
        }
        if (nanoClock.getAsLong() - snapshot.readAtNanos() >= ttlNanos) {
            refresh();
        }
        return CompletableFuture.completedFuture(snapshot.authorizer());
    }

    /** Reads the bindings again (joining a read in flight); the stage completes with the new decision. */
    public CompletionStage<AclAuthorizer> refresh() {
        CompletableFuture<AclAuthorizer> mine = new CompletableFuture<>();
        CompletableFuture<AclAuthorizer> inFlight = loading.compareAndExchange(null, mine);
        if (inFlight != null) {
            return inFlight;
        }
        long started = nanoClock.getAsLong();
        CompletionStage<List<AclBinding>> read;
        try {
            read = loader.get();
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((bindings, failure) -> {
            loading.set(null);
            if (failure == null) {
                AclAuthorizer authorizer = new AclAuthorizer(bindings, superUsers, allowEveryoneIfNoAclFound);
                current.set(new Snapshot(authorizer, started));
                mine.complete(authorizer);
                return;
            }
            Snapshot last = current.get();
            if (last == null) {
                mine.completeExceptionally(failure);
            } else {
                LOG.warnf("cannot re-read the ACLs (%s): deciding with the %d bindings read before", failure.getMessage(),
                        last.authorizer().bindings().size());
                mine.complete(last.authorizer());
            }
        });
        return mine;
    }
}
