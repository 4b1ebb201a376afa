package io.strata.deploy.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out TCP ports that are free on 127.0.0.1 at the time of the call, and never the same port
 * twice in one JVM, so two services of one test never collide with each other.
 *
 * <p>The ports come from below the kernel's ephemeral range ({@code ip_local_port_range}, 32768 and
 * up by default), from {@value #LOWEST} up. A port of the ephemeral range, free when handed out, can
 * be taken by any outgoing connection on the machine before the service binds it: CI saw a partition
 * node's JGroups port held that way for over a minute, so the node stayed out of the raft view and
 * out of every ISR. Below the range only another listener can take it. The search starts at a random
 * port so that two JVMs handing out ports at once rarely try the same ones. When the ephemeral range
 * leaves no room below it (a changed kernel setting), ports come from the range as before.
 *
 * <p>Thread-safe: the set of handed-out ports and the cursor are guarded by the class lock.
 */
public final class FreePorts {

    /** Attempts before giving up: a machine with this many consecutive busy ports is out of ports. */
    private static final int MAX_ATTEMPTS = 1_000;

    /** The lowest port handed out: above the well-known and most registered service ports in use locally. */
    static final int LOWEST = 20_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int TOP = ephemeralRangeStart() - 1;
    private static int cursor = TOP - LOWEST > MAX_ATTEMPTS
            ? LOWEST + ThreadLocalRandom.current().nextInt(TOP - LOWEST + 1) : LOWEST;

    private FreePorts() {
    }

    /** A port free on 127.0.0.1 now and not returned before by this JVM. */
    public static synchronized int next() {
        if (TOP - LOWEST <= MAX_ATTEMPTS) {
            return nextEphemeral();
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = cursor;
            cursor = cursor >= TOP ? LOWEST : cursor + 1;
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no new free port on 127.0.0.1 in " + LOWEST + "–" + TOP + " after "
                + MAX_ATTEMPTS + " attempts");
    }

    /**
     * True when a server socket can bind {@code port} on 127.0.0.1 right now, with SO_REUSEADDR as
     * servers (the JDK's, Netty's, PostgreSQL's) bind it: connections in TIME_WAIT do not count.
     */
    public static boolean isFree(int port) {
        return bindsOnLoopback(port, true);
    }

    /** Bindable without SO_REUSEADDR: not even a connection in TIME_WAIT holds it (some servers bind so). */
    private static boolean bindable(int port) {
        return bindsOnLoopback(port, false);
    }

    private static boolean bindsOnLoopback(int port, boolean reuseAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(reuseAddress);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int nextEphemeral() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = bindEphemeral();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no new free port on 127.0.0.1 after " + MAX_ATTEMPTS + " attempts");
    }

    /** The first port of the kernel's ephemeral range; Linux's default where it cannot be read. */
    static int ephemeralRangeStart() {
        try {
            // Read as a stream: /proc files report a size their content does not have.
            try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 32_768;
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
