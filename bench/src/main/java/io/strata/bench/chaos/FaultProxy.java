package io.strata.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A TCP proxy that can cut the link it carries: one real link of the cluster (e.g. a partition
 * node's connection to the metadata service) is configured to go through it, and the nemesis
 * {@link #cut()}s and {@link #heal()}s it.
 *
 * <p>A cut behaves as a network partition with TCP retransmission, not as a reset: bytes stop
 * flowing both ways (the proxy stops reading, so the senders' windows fill), new connections are
 * accepted but not connected onward, and nothing is closed. The peers see silence until their own
 * timeouts fire. On heal the held connections are connected onward and buffered bytes flow again,
 * as after a healed partition.
 *
 * <p>Thread-safety: one selector thread owns every channel and buffer; {@link #cut()} and
 * {@link #heal()} only flip a volatile flag and wake that thread. Bounded: one thread and
 * {@value #BUFFER_BYTES} bytes per direction per connection.
 */
final class FaultProxy implements AutoCloseable {

    /** Bytes buffered per direction of one connection before the proxy stops reading that side. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final InetSocketAddress target;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<Link> links = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean cut;
    private volatile boolean closed;

    /** One client connection and its onward connection (null until connected). */
    private static final class Link {
        final SocketChannel client;
        SocketChannel upstream;
        final ByteBuffer toUpstream = ByteBuffer.allocate(BUFFER_BYTES);
        final ByteBuffer toClient = ByteBuffer.allocate(BUFFER_BYTES);

        Link(SocketChannel client) {
            this.client = client;
        }
    }

    FaultProxy(String name, int listenPort, InetSocketAddress target) {
        this.name = name;
        this.target = target;
        try {
            this.selector = Selector.open();
            this.server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", listenPort));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            throw new UncheckedIOException("proxy " + name + " cannot listen on " + listenPort, e);
        }
        this.thread = new Thread(this::loop, "fault-proxy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    String name() {
        return name;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    boolean isCut() {
        return cut;
    }

    /** Stops every byte through the link, both ways, until {@link #heal()}. */
    void cut() {
        cut = true;
        tasks.add(this::updateInterests);
        selector.wakeup();
    }

    /** Lets bytes flow again and connects the connections accepted during the cut. */
    void heal() {
        cut = false;
        tasks.add(this::updateInterests);
        selector.wakeup();
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select(1000);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                System.err.println("chaos: proxy " + name + " stopped: " + e);
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            SocketChannel client = server.accept();
            if (client != null) {
                client.configureBlocking(false);
                Link link = new Link(client);
                links.add(link);
                client.register(selector, 0, link);
                if (!cut) {
                    connect(link);
                }
                updateInterests(link);
            }
            return;
        }
        Link link = (Link) key.attachment();
        try {
            if (key.isConnectable() && link.upstream.finishConnect()) {
                updateInterests(link);
                return;
            }
            pump(link);
        } catch (IOException e) {
            close(link);
        }
    }

    private void connect(Link link) throws IOException {
        link.upstream = SocketChannel.open();
        link.upstream.configureBlocking(false);
        link.upstream.connect(target);
        link.upstream.register(selector, SelectionKey.OP_CONNECT, link);
    }

    /** Moves what can be moved between the two sides of a link. */
    private void pump(Link link) throws IOException {
        if (cut || link.upstream == null || !link.upstream.isConnected()) {
            updateInterests(link);
            return;
        }
        if (transfer(link.client, link.toUpstream, link.upstream) | transfer(link.upstream, link.toClient, link.client)) {
            close(link);
            return;
        }
        updateInterests(link);
    }

    /** Reads from {@code from} into the buffer and writes what it holds to {@code to}; true at end of stream. */
    private static boolean transfer(SocketChannel from, ByteBuffer buffer, SocketChannel to) throws IOException {
        int read = buffer.hasRemaining() ? from.read(buffer) : 0;
        buffer.flip();
        to.write(buffer);
        buffer.compact();
        return read < 0;
    }

    private void updateInterests() {
        for (Link link : List.copyOf(links)) {
            try {
                if (!cut && link.upstream == null) {
                    connect(link);
                }
                updateInterests(link);
                if (!cut) {
                    pump(link);
                }
            } catch (IOException e) {
                close(link);
            }
        }
    }

    /** Reads a side only while its buffer has room and the link is not cut; writes a side while bytes wait for it. */
    private void updateInterests(Link link) {
        SelectionKey clientKey = link.client.keyFor(selector);
        SelectionKey upstreamKey = link.upstream == null ? null : link.upstream.keyFor(selector);
        if (clientKey == null || !clientKey.isValid()) {
            return;
        }
        boolean connected = link.upstream != null && link.upstream.isConnected();
        if (cut || !connected) {
            clientKey.interestOps(0);
            if (upstreamKey != null && upstreamKey.isValid()) {
                upstreamKey.interestOps(connected ? 0 : SelectionKey.OP_CONNECT);
            }
            return;
        }
        clientKey.interestOps((link.toUpstream.hasRemaining() ? SelectionKey.OP_READ : 0)
                | (link.toClient.position() > 0 ? SelectionKey.OP_WRITE : 0));
        if (upstreamKey != null && upstreamKey.isValid()) {
            upstreamKey.interestOps((link.toClient.hasRemaining() ? SelectionKey.OP_READ : 0)
                    | (link.toUpstream.position() > 0 ? SelectionKey.OP_WRITE : 0));
        }
    }

    private void close(Link link) {
        links.remove(link);
        closeQuietly(link.client);
        if (link.upstream != null) {
            closeQuietly(link.upstream);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing more to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
            server.close();
        } catch (IOException ignored) {
            // shutting down
        }
        for (Link link : List.copyOf(links)) {
            close(link);
        }
    }

    @Override
    public String toString() {
        return "proxy " + name + " :" + port() + " -> " + target.getPort();
    }
}
