package io.strata.kafka.wire;

import io.netty.channel.DefaultFileRegion;
import io.strata.kafka.backend.FileBatches;

/**
 * Record batches written from their file to the socket: a Netty file region over the log's shared
 * channel (NIO writes it with {@code FileChannel.transferTo}, i.e. {@code sendfile}; the epoll
 * transport with its native {@code sendfile}, as it is a {@link DefaultFileRegion}).
 *
 * <p>Invariant: the region never closes the channel (the node's file-handle cache shares it);
 * when Netty deallocates the region — written, failed, or dropped with a closed channel — it
 * releases the {@link FileBatches} reference instead, exactly once. Thread-safety: Netty's
 * reference counting; written on the connection's event loop.
 */
final class FileBatchesRegion extends DefaultFileRegion {

    private final FileBatches batches;

    FileBatchesRegion(FileBatches batches) {
        super(batches.channel(), batches.position(), batches.sizeInBytes());
        this.batches = batches;
    }

    @Override
    protected void deallocate() {
        batches.release();
    }
}
