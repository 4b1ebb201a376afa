package io.strata.deploy.postgres;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A tiny HTTP endpoint on 127.0.0.1 that answers {@code GET /q/health/ready} (and
 * {@code /q/health}) with 200 {@code {"status":"UP"}} when the readiness check passes and 503
 * {@code {"status":"DOWN"}} otherwise: the same URL shape as the Quarkus services, so the launcher
 * waits for PostgreSQL exactly as it waits for any service.
 *
 * <p>The check runs on every request (one request at a time, on the endpoint's single thread).
 */
final class PostgresHealthEndpoint implements AutoCloseable {

    private final HttpServer server;

    private PostgresHealthEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code port} (0 = any free port) until {@link #close()}. */
    static PostgresHealthEndpoint start(int port, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/q/health", exchange -> respond(exchange, ready.getAsBoolean()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "postgres-health");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new PostgresHealthEndpoint(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, boolean up) throws IOException {
        byte[] body = (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
