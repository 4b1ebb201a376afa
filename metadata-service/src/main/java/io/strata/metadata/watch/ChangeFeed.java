package io.strata.metadata.watch;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.MetadataLog;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This instance's view of the newest committed metadata version (the head), and the signal
 * watch streams wait on. The head learns of new versions two ways: PostgreSQL notifications on
 * {@link MetadataLog#CHANNEL} (sent at commit by whichever metadata service made the change: fast),
 * and a poll of the cluster state every {@code strata.metadata.watch-poll-interval} (bounds the
 * delay when a notification is lost, e.g. while the listening connection reconnects).
 * Thread-safe: the head only moves forward.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final long RECONNECT_DELAY_MS = 1000;

    private final ChangeLogReader reader;
    private final MetadataConfig config;
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<String> sslMode;
    private final Optional<List<String>> trustedCertificates;
    private final String hostnameVerification;
    private final AtomicLong head = new AtomicLong(-1);
    private final AtomicReference<CompletableFuture<Void>> advanced = new AtomicReference<>(new CompletableFuture<>());
    private PgSubscriber subscriber;

    public ChangeFeed(ChangeLogReader reader, MetadataConfig config, Vertx vertx,
                      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                      @ConfigProperty(name = "quarkus.datasource.reactive.postgresql.ssl-mode") Optional<String> sslMode,
                      @ConfigProperty(name = "quarkus.datasource.reactive.trust-certificate-pem.certs") Optional<List<String>> trustedCertificates,
                      @ConfigProperty(name = "quarkus.datasource.reactive.hostname-verification-algorithm", defaultValue = "NONE")
                      String hostnameVerification) {
        this.reader = reader;
        this.config = config;
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
        this.sslMode = sslMode;
        this.trustedCertificates = trustedCertificates;
        this.hostnameVerification = hostnameVerification;
    }

    /**
     * The listening connection is made here, not by Quarkus's pool, so it takes the pool's TLS
     * settings itself: a server that accepts TLS only ({@code ./strata up --secure}) would refuse
     * it, and watches would quietly fall back to polling.
     */
    private PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        sslMode.ifPresent(mode -> options.setSslMode(SslMode.of(mode)));
        trustedCertificates.ifPresent(files -> {
            PemTrustOptions trust = new PemTrustOptions();
            files.forEach(trust::addCertPath);
            options.setPemTrustOptions(trust);
        });
        if (!"NONE".equalsIgnoreCase(hostnameVerification)) {
            options.setHostnameVerificationAlgorithm(hostnameVerification);
        }
        return options;
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, connectOptions()).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
        subscriber.channel(MetadataLog.CHANNEL).handler(payload -> {
            try {
                advance(Long.parseLong(payload));
            } catch (NumberFormatException e) {
                LOG.warnf("ignoring notification '%s' on %s", payload, MetadataLog.CHANNEL);
            }
        });
        subscriber.connect().subscribe().with(
                ignored -> LOG.debugf("listening on %s", MetadataLog.CHANNEL),
                failure -> LOG.warnf("cannot listen on %s (watches fall back to polling every %s): %s",
                        MetadataLog.CHANNEL, config.watchPollInterval(), failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(ignored -> { }, failure -> { });
        }
    }

    @Scheduled(every = "${strata.metadata.watch-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return reader.head().invoke(this::advance).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("head poll failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Records that {@code version} is committed; wakes the waiting watches if it is new. */
    public void advance(long version) {
        long previous = head.getAndAccumulate(version, Math::max);
        if (version > previous) {
            advanced.getAndSet(new CompletableFuture<>()).complete(null);
        }
    }

    /**
     * Completes once a version above {@code version} is known to be committed. There is no timeout:
     * the head learns of every commit, from its notification or at the latest from the next poll,
     * so a watch that waits for the head misses nothing. Each watch used to look at the change log
     * every poll interval as well: N idle watchers (every node, gateway and coordinator) were N
     * queries a second against PostgreSQL; now idle watches read nothing.
     */
    public Uni<Void> awaitAbove(long version) {
        CompletableFuture<Void> signal = advanced.get(); // before reading the head: no lost wake-up
        if (head.get() > version) {
            return Uni.createFrom().voidItem();
        }
        // A stage of its own: cancelling this wait (the stream cancelled) must not cancel the shared signal.
        return Uni.createFrom().completionStage(signal.thenApply(ignored -> ignored)).replaceWithVoid();
    }
}
