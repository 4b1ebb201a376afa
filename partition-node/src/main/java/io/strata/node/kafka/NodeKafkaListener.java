package io.strata.node.kafka;

import io.strata.node.identity.NodeChannels;
import io.grpc.ManagedChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.acl.AclApis;
import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclSettings;
import io.strata.kafka.acl.AclGate;
import io.strata.kafka.api.RequestGate;
import io.strata.kafka.quota.QuotaApis;
import io.strata.kafka.quota.QuotaCache;
import io.strata.kafka.quota.QuotaGate;
import io.strata.kafka.quota.QuotaMeters;
import io.strata.kafka.admin.AdminApis;
import io.strata.kafka.reassign.AlterPartitionReassignmentsHandler;
import io.strata.kafka.election.ElectLeadersHandler;
import io.strata.kafka.reassign.ListPartitionReassignmentsHandler;
import io.strata.kafka.logdir.AlterReplicaLogDirsHandler;
import io.strata.kafka.logdir.DescribeLogDirsHandler;
import io.strata.kafka.backend.GroupBackend;
import io.strata.kafka.group.GroupApis;
import io.strata.kafka.fetch.FetchApis;
import io.strata.kafka.metadata.MetadataApis;
import io.strata.kafka.produce.ProduceApis;
import io.strata.api.scram.CredentialCache;
import io.strata.kafka.sasl.SaslApis;
import io.strata.kafka.sasl.SaslAuthenticator;
import io.strata.kafka.sasl.SaslMechanism;
import io.strata.kafka.wire.KafkaListener;
import io.strata.node.config.NodeConfig;
import io.strata.node.membership.MetadataFollower;
import io.strata.node.metrics.KafkaRequestMetrics;
import io.strata.node.metrics.QuotaMetrics;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replication.ThrottleConfigs;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * This node's Kafka listener (strata.node.kafka.*): binds it at start-up, wires its handlers to
 * this node's replicas ({@link LeaderReplicas}), its metadata view and the metadata service
 * ({@link NodeControlPlane}) and the group coordinator ({@link CoordinatorGroups}), and closes it
 * at shutdown before the replicas close.
 *
 * <p>With {@code strata.node.kafka.sasl.enabled-mechanisms} set, clients must authenticate (SASL
 * PLAIN or SCRAM) against the SCRAM credentials of the metadata service, read through a
 * {@link CredentialCache}; PLAIN's password derivation runs on the Vert.x worker pool. With
 * {@code strata.node.kafka.acl.enabled}, every request passes an {@link AclGate} deciding with the
 * metadata service's ACLs, cached by an {@link AclCache}. Every request then passes the
 * {@link QuotaGate}, which throttles Produce and Fetch over the client quotas of the metadata
 * service ({@link QuotaCache}).
 *
 * <p>The listener runs on Quarkus's Vert.x event loops; file work goes to the Vert.x worker pool
 * and remote calls are asynchronous, so no event loop ever waits.
 */
@ApplicationScoped
public class NodeKafkaListener {

    private static final System.Logger LOG = System.getLogger(NodeKafkaListener.class.getName());

    @Inject
    NodeConfig config;
    @Inject
    NodeChannels dial;
    @Inject
    ReplicaManager replicas;
    @Inject
    MetadataFollower follower;
    @Inject
    Vertx vertx;
    @Inject
    KafkaRequestMetrics requestMetrics;
    @Inject
    TlsConfigurationRegistry tlsRegistry;
    @Inject
    QuotaMetrics quotaMetrics;
    @Inject
    ThrottleConfigs throttleConfigs;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private volatile KafkaListener listener;
    /** The timers renewing the ACL and quota copies (each timer's only job), cancelled at shutdown. */
    private final List<Long> renewals = new CopyOnWriteArrayList<>();

    void start(@Observes StartupEvent event) {
        NodeConfig.Kafka kafka = config.kafka();
        if (!kafka.enabled()) {
            LOG.log(System.Logger.Level.INFO, "strata.node.kafka.enabled=false: no Kafka listener");
            return;
        }
        Executor disk = task -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        NodeControlPlane control = new NodeControlPlane(config.id(), follower::clusterId,
                channel(config.metadataUrl().orElse(null), "strata.node.metadata-url"), kafka.requestTimeout(), kafka.autoCreateTopics());
        follower.addListener(view -> control.publish(view.snapshot()));
        List<KafkaApiHandler> handlers = new ArrayList<>();
        LeaderReplicas partitions = new LeaderReplicas(replicas, disk, kafka.sendFiles());
        handlers.addAll(MetadataApis.handlers(control));
        handlers.addAll(ProduceApis.handlers(partitions, control));
        handlers.addAll(FetchApis.handlers(vertx, partitions, control));
        handlers.addAll(GroupApis.handlers(groups(kafka), control));
        handlers.addAll(AdminApis.handlers(control, new NodeThrottles(throttleConfigs, disk)));
        handlers.add(new AlterPartitionReassignmentsHandler(control, control));
        handlers.add(new ListPartitionReassignmentsHandler(control));
        NodeLogDirs logDirs = new NodeLogDirs(replicas, disk);
        handlers.add(new DescribeLogDirsHandler(logDirs));
        handlers.add(new AlterReplicaLogDirsHandler(logDirs));
        handlers.add(new ElectLeadersHandler(control, control));
        Optional<SaslAuthenticator> sasl = sasl(kafka.sasl(), control, disk);
        handlers.addAll(AdminApis.userHandlers(control, user -> sasl.ifPresent(a -> a.credentials().invalidate(user))));
        sasl.ifPresent(authenticator -> handlers.addAll(SaslApis.handlers(authenticator)));
        Optional<AclGate> acls = acls(kafka.acl(), control, handlers);
        RequestGate gate = quotas(kafka.quota(), control, acls.<RequestGate>map(g -> g).orElse(RequestGate.OPEN), handlers);
        // One switch for the node: with a key store in the default TLS configuration (the one the
        // node's gRPC port serves), the Kafka listener is an SSL listener with the same certificate.
        listener = new KafkaListener().tls(serverTls().map(TlsConfiguration::getSSLOptions).orElse(null));
        KafkaListener.Settings settings = new KafkaListener.Settings(kafka.host(), kafka.port(), kafka.maxFrameBytes(),
                KafkaListener.DEFAULT_MAX_IN_FLIGHT, sasl.isPresent(), KafkaListener.DEFAULT_EVENT_LOOPS);
        KafkaApis apis = KafkaApis.of(handlers).observedBy(requestMetrics);
        int port = listener.start(vertx, settings, apis.gatedBy(gate)).toCompletableFuture().join();
        String protocol = (sasl.isPresent() ? "SASL_" : "") + (serverTls().isPresent() ? "SSL" : "PLAINTEXT");
        LOG.log(System.Logger.Level.INFO, "Kafka listener (" + protocol + ") on " + kafka.host() + ":" + port + " (max frame "
                + kafka.maxFrameBytes() + " bytes, auto.create.topics.enable=" + kafka.autoCreateTopics() + ", "
                + sasl.map(a -> "SASL mechanisms " + a.enabledNames()).orElse("no authentication") + ", "
                + (acls.isPresent() ? "ACLs enforced, super users " + kafka.acl().superUsers().orElse(List.of()) : "no ACLs") + ")");
        if (acls.isPresent() && sasl.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "ACLs without SASL: every Kafka client is " + ClientSession.ANONYMOUS
                    + " (set strata.node.kafka.sasl.enabled-mechanisms to tell clients apart)");
        }
    }

    /** The ACL gate, and the ACL APIs added to {@code handlers}, when ACLs are enabled. */
    private Optional<AclGate> acls(AclSettings config, NodeControlPlane control, List<KafkaApiHandler> handlers) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        AclCache cache = AclCache.of(config, () -> control.describe(List.of()));
        renewals.add(vertx.setPeriodic(cache.renewalPeriod().toMillis(), id -> cache.renew()));
        handlers.addAll(AclApis.handlers(control, cache));
        return Optional.of(new AclGate(cache, control));
    }

    /** The quota gate around {@code inner}, and the quota APIs added to {@code handlers}. */
    private RequestGate quotas(NodeConfig.Quota config, NodeControlPlane control, RequestGate inner, List<KafkaApiHandler> handlers) {
        QuotaCache cache = new QuotaCache(control::quotas, config.cacheTtl(), System::nanoTime);
        renewals.add(vertx.setPeriodic(cache.renewalPeriod().toMillis(), id -> cache.renew()));
        QuotaMeters meters = new QuotaMeters(config.windowSamples(), config.windowSampleSize().toMillis(), config.maxMeters());
        handlers.addAll(QuotaApis.handlers(control, cache));
        return new QuotaGate(inner, cache, meters, System::nanoTime, quotaMetrics.observer(meters));
    }

    /** The SASL authenticator when mechanisms are enabled; empty for an open listener. */
    private static Optional<SaslAuthenticator> sasl(NodeConfig.Sasl config, NodeControlPlane control, Executor derivation) {
        Set<SaslMechanism> mechanisms = SaslMechanism.parse(config.enabledMechanisms().orElse(List.of()));
        if (mechanisms.isEmpty()) {
            return Optional.empty();
        }
        CredentialCache cache = new CredentialCache(user -> control.describe(List.of(user), true), config.credentialCacheTtl(), config.credentialCacheMaxUsers(),
                System::nanoTime);
        return Optional.of(new SaslAuthenticator(mechanisms, cache, derivation));
    }

    /** A renewed certificate (quarkus.tls.reload-period) reaches the Kafka listener as it reaches the gRPC port. */
    void onCertificateUpdate(@Observes CertificateUpdatedEvent event) {
        KafkaListener current = listener;
        Optional<TlsConfiguration> server = serverTls();
        if (current != null && server.isPresent() && server.get().getName().equals(event.name())) {
            current.updateTls(event.tlsConfiguration().getSSLOptions()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "the Kafka listener kept its old certificate", failure);
                }
            });
        }
    }

    private Optional<TlsConfiguration> serverTls() {
        return tlsRegistry.getDefault().filter(tls -> tls.getKeyStoreOptions() != null);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        renewals.forEach(vertx::cancelTimer);
        if (listener != null) {
            listener.stop().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        }
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private GroupBackend groups(NodeConfig.Kafka kafka) {
        if (kafka.coordinatorUrl().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no strata.node.kafka.coordinator-url: the Kafka group APIs cannot reach a coordinator");
        }
        return new CoordinatorGroups(channel(kafka.coordinatorUrl().orElse(null), "strata.node.kafka.coordinator-url"), kafka.requestTimeout());
    }

    /** A channel to {@code url}; without one, a channel whose every call fails NODE_NOT_AVAILABLE naming the missing setting. */
    private io.grpc.Channel channel(String url, String setting) {
        if (url == null) {
            return new UnconfiguredChannel(setting);
        }
        ManagedChannel channel = dial.toUrl(url, setting);
        channels.add(channel);
        return ReconnectAfterFailure.wrap(channel);
    }
}
