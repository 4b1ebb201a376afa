package io.strata.deploy.launcher;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in service for launcher tests, configured by system properties:
 * {@code test.http.port} (else {@code quarkus.http.port}) serves {@code /q/health/ready}, 200 unless
 * {@code test.healthy=false}; {@code test.exit-after-ms} exits with code 3 instead;
 * {@code test.hang-on-term=true} makes SIGTERM hang in a shutdown hook; {@code test.child=true}
 * starts a {@code sleep} child process.
 */
public final class TestServiceMain {

    public static void main(String[] args) throws Exception {
        System.out.println("started name=" + System.getProperty("test.name") + " env=" + System.getenv("STRATA_TEST_ENV"));
        long exitAfterMs = Long.getLong("test.exit-after-ms", -1);
        if (exitAfterMs >= 0) {
            Thread.sleep(exitAfterMs);
            System.err.println("boom: giving up on purpose");
            System.exit(3);
        }
        boolean hang = Boolean.getBoolean("test.hang-on-term");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutdown hook ran");
            System.out.flush();
            if (hang) {
                awaitQuietly(forever);
            }
        }));
        if (Boolean.getBoolean("test.child")) {
            Process child = new ProcessBuilder("sleep", "600").start();
            System.out.println("child pid " + child.pid());
        }
        serveHealth();
        awaitQuietly(forever);
    }

    private static void serveHealth() throws IOException {
        String port = System.getProperty("test.http.port", System.getProperty("quarkus.http.port"));
        if (port == null) {
            return;
        }
        int status = Boolean.parseBoolean(System.getProperty("test.healthy", "true")) ? 200 : 503;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)), 16);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        System.out.println("serving health on " + port + " with " + status);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
