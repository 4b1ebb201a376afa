package io.strata.deploy.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out TCP ports that are free on 127.0.0.1 at the time of the call, and never the same port
 * twice in one JVM, so two services of one test never collide with each other. (Another process
 * may still take a port between this call and the service's bind: that race is inherent and rare;
 * the kernel hands out ephemeral ports round-robin.)
 *
 * <p>Thread-safe: the set of handed-out ports is guarded by the class lock.
 */
public final class FreePorts {

    /** Attempts before giving up: a machine with this many consecutive repeats is out of ports. */
    private static final int MAX_ATTEMPTS = 1_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port free on 127.0.0.1 now and not returned before by this JVM. */
    public static synchronized int next() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = bindEphemeral();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no new free port on 127.0.0.1 after " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * True when a server socket can bind {@code port} on 127.0.0.1 right now, with SO_REUSEADDR as
     * servers (the JDK's, Netty's, PostgreSQL's) bind it: connections in TIME_WAIT do not count.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int bindEphemeral() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an ephemeral port on 127.0.0.1", e);
        }
    }
}
