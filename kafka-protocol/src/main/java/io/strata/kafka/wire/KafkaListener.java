package io.strata.kafka.wire;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApis;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka protocol listener: Vert.x net servers sharing one port, one per event loop
 * ({@link Settings#eventLoops()}, each a verticle instance), whose every connection is a
 * {@link KafkaConnection} dispatching through one {@link KafkaApis}.
 *
 * <p>Entry points (stable): {@link #start(Vertx, String, int, int, KafkaApis)} binds and completes
 * with the bound port (0 asks for any free port); {@link #stop()} closes the servers and their
 * connections. The limits are {@link Settings}: the maximum request frame (Kafka's
 * {@code socket.request.max.bytes}, default 100 MiB), the requests one connection may have in
 * flight before reading pauses, and the event loops.
 *
 * <p>Plaintext unless {@link #tls(SSLOptions)} gave it a key and certificate before start (Kafka's
 * {@code SSL} listener; {@link #updateTls(SSLOptions)} swaps in a renewed certificate for new
 * connections). Every connection starts as the anonymous principal unless
 * {@link Settings#authenticationRequired()} (the SASL hook: see {@link ClientSession}; SASL over
 * this TLS is Kafka's {@code SASL_SSL}). On a plaintext connection Fetch answers send their record
 * batches from the log's files ({@link ClientSession#sendsFiles()}, Netty file regions, i.e.
 * {@code sendfile}); through TLS they are read onto the heap, as the TLS engine needs them there.
 * Thread-safe:
 * start and stop may be called from any thread (they are synchronized); each connection lives on
 * the event loop of the server that accepted it.
 */
public final class KafkaListener {

    /** Kafka's default {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;
    /** Requests one connection may have awaiting their response before reading pauses. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 100;
    /** Event loops serving connections by default: one per core, Vert.x's own sizing unit. */
    public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    private static final Logger LOG = Logger.getLogger(KafkaListener.class);

    private static final AtomicInteger RANDOM_SHARED_PORTS = new AtomicInteger();

    private final AtomicLong connections = new AtomicLong();
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private volatile SSLOptions tls;
    private Vertx vertx;
    private String deploymentId;

    /**
     * The listener's limits.
     *
     * @param eventLoops servers sharing the port, each on its own event loop: Vert.x spreads the
     *                   accepted connections over them (a connection stays on one event loop)
     */
    public record Settings(String host, int port, int maxFrameBytes, int maxInFlightPerConnection, boolean authenticationRequired,
                           int eventLoops) {
        public Settings {
            if (maxFrameBytes < 1 || maxInFlightPerConnection < 1 || eventLoops < 1) {
                throw new IllegalArgumentException("maxFrameBytes, maxInFlightPerConnection and eventLoops must be positive: "
                        + maxFrameBytes + ", " + maxInFlightPerConnection + ", " + eventLoops);
            }
        }
    }

    /** Serve TLS with {@code options}' key and certificate (before {@link #start}); null: plaintext. */
    public KafkaListener tls(SSLOptions options) {
        this.tls = options;
        return this;
    }

    /** Serves new connections with {@code options}' key and certificate (a renewed certificate). */
    public CompletionStage<Void> updateTls(SSLOptions options) {
        this.tls = options;
        List<Future<Boolean>> updates = servers.stream().map(server -> server.updateSSLOptions(options, true)).toList();
        return Future.all(updates).<Void>mapEmpty().toCompletionStage();
    }

    /** Binds with the default bounds, no authentication; completes with the bound port. */
    public CompletionStage<Integer> start(Vertx vertx, String host, int port, int maxFrameBytes, KafkaApis apis) {
        return start(vertx, new Settings(host, port, maxFrameBytes, DEFAULT_MAX_IN_FLIGHT, false, DEFAULT_EVENT_LOOPS), apis);
    }

    /** Binds; completes with the bound port. */
    public synchronized CompletionStage<Integer> start(Vertx vertx, Settings settings, KafkaApis apis) {
        if (deploymentId != null || this.vertx != null) {
            throw new IllegalStateException("the Kafka listener is already started");
        }
        this.vertx = vertx;
        // Vert.x shares a port between servers that bind the same one from different event loops; a
        // random port is shared only under a negative number, one per listener. Each server is a
        // verticle instance, because only those get an event loop of their own.
        int port = settings.port() == 0 ? RANDOM_SHARED_PORTS.decrementAndGet() : settings.port();
        List<Integer> bound = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> new ServerVerticle(settings, port, apis, bound),
                        new DeploymentOptions().setInstances(settings.eventLoops()))
                .map(id -> {
                    synchronized (this) {
                        deploymentId = id;
                    }
                    return bound.get(0);
                })
                .onFailure(e -> {
                    synchronized (this) {
                        this.vertx = null;
                    }
                })
                .onSuccess(actual -> LOG.infof("Kafka listener (%s) on %s:%d (%d event loops, max frame %d bytes, %d requests in flight"
                        + " per connection)", tls == null ? "plaintext" : "TLS", settings.host(), actual, settings.eventLoops(), settings.maxFrameBytes(),
                        settings.maxInFlightPerConnection()))
                .toCompletionStage();
    }

    /** Closes the server sockets and every connection. */
    public synchronized CompletionStage<Void> stop() {
        String id = deploymentId;
        Vertx current = vertx;
        deploymentId = null;
        vertx = null;
        servers.clear();
        if (id == null) {
            return Future.<Void>succeededFuture().toCompletionStage();
        }
        return current.undeploy(id).toCompletionStage();
    }

    /** One server on the event loop of its verticle instance; undeploying closes it and its connections. */
    private final class ServerVerticle extends AbstractVerticle {
        private final Settings settings;
        private final int port;
        private final KafkaApis apis;
        private final List<Integer> bound;

        ServerVerticle(Settings settings, int port, KafkaApis apis, List<Integer> bound) {
            this.settings = settings;
            this.port = port;
            this.apis = apis;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            NetServerOptions options = new NetServerOptions().setTcpNoDelay(true);
            SSLOptions ssl = tls;
            if (ssl != null) {
                options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions());
            }
            vertx.createNetServer(options)
                    .connectHandler(socket -> accept(socket, settings, apis))
                    .listen(port, settings.host())
                    .onSuccess(server -> {
                        servers.add(server);
                        bound.add(server.actualPort());
                    })
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }

    private void accept(NetSocket socket, KafkaListener.Settings settings, KafkaApis apis) {
        SocketAddress remote = socket.remoteAddress();
        String id = "kafka-" + connections.incrementAndGet();
        ClientSession session = new ClientSession(id,
                InetSocketAddress.createUnresolved(remote.host() == null ? "" : remote.host(), remote.port()),
                settings.authenticationRequired(), !socket.isSsl());
        // The connect handler runs on the server's event loop: the connection is confined to it.
        Context context = Vertx.currentContext();
        new KafkaConnection(socket, context, apis, session, settings.maxFrameBytes(),
                settings.maxInFlightPerConnection()).start();
    }
}
