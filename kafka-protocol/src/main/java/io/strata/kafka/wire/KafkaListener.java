package io.strata.kafka.wire;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApis;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka protocol listener: a Vert.x {@link NetServer} whose every connection is a
 * {@link KafkaConnection} dispatching through one {@link KafkaApis}.
 *
 * <p>Entry points (stable): {@link #start(Vertx, String, int, int, KafkaApis)} binds and completes
 * with the bound port (0 asks for any free port); {@link #stop()} closes the server and its
 * connections. The limits are {@link Settings}: the maximum request frame (Kafka's
 * {@code socket.request.max.bytes}, default 100 MiB) and the requests one connection may have in
 * flight before reading pauses.
 *
 * <p>Plaintext only, and every connection starts as the anonymous principal unless
 * {@link Settings#authenticationRequired()} (the SASL hook: see {@link ClientSession}). Thread-safe:
 * start and stop may be called from any thread; connections live on the server's event loop.
 */
public final class KafkaListener {

    /** Kafka's default {@code socket.request.max.bytes}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;
    /** Requests one connection may have awaiting their response before reading pauses. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 100;

    private static final Logger LOG = Logger.getLogger(KafkaListener.class);

    private final AtomicLong connections = new AtomicLong();
    private volatile NetServer server;

    /** The listener's limits. */
    public record Settings(String host, int port, int maxFrameBytes, int maxInFlightPerConnection, boolean authenticationRequired) {
        public Settings {
            if (maxFrameBytes < 1 || maxInFlightPerConnection < 1) {
                throw new IllegalArgumentException("maxFrameBytes and maxInFlightPerConnection must be positive: "
                        + maxFrameBytes + ", " + maxInFlightPerConnection);
            }
        }
    }

    /** Binds with the default in-flight bound and no authentication; completes with the bound port. */
    public CompletionStage<Integer> start(Vertx vertx, String host, int port, int maxFrameBytes, KafkaApis apis) {
        return start(vertx, new Settings(host, port, maxFrameBytes, DEFAULT_MAX_IN_FLIGHT, false), apis);
    }

    /** Binds; completes with the bound port. */
    public CompletionStage<Integer> start(Vertx vertx, Settings settings, KafkaApis apis) {
        if (server != null) {
            throw new IllegalStateException("the Kafka listener is already started");
        }
        NetServer created = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        created.connectHandler(socket -> accept(socket, settings, apis));
        server = created;
        return created.listen(settings.port(), settings.host())
                .map(bound -> {
                    LOG.infof("Kafka listener on %s:%d (max frame %d bytes, %d requests in flight per connection)",
                            settings.host(), bound.actualPort(), settings.maxFrameBytes(), settings.maxInFlightPerConnection());
                    return bound.actualPort();
                })
                .toCompletionStage();
    }

    /** Closes the server socket and every connection. */
    public CompletionStage<Void> stop() {
        NetServer current = server;
        server = null;
        if (current == null) {
            return io.vertx.core.Future.<Void>succeededFuture().toCompletionStage();
        }
        return current.close().toCompletionStage();
    }

    private void accept(NetSocket socket, KafkaListener.Settings settings, KafkaApis apis) {
        SocketAddress remote = socket.remoteAddress();
        String id = "kafka-" + connections.incrementAndGet();
        ClientSession session = new ClientSession(id,
                InetSocketAddress.createUnresolved(remote.host() == null ? "" : remote.host(), remote.port()),
                settings.authenticationRequired());
        // The connect handler runs on the server's event loop: the connection is confined to it.
        Context context = Vertx.currentContext();
        new KafkaConnection(socket, context, apis, session, settings.maxFrameBytes(),
                settings.maxInFlightPerConnection()).start();
    }
}
