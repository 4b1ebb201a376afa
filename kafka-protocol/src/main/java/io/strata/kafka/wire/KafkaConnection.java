package io.strata.kafka.wire;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.Dispatch;
import io.strata.kafka.api.FramePart;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.api.Reply;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.core.parsetools.RecordParser;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One client socket: Kafka's framing (a 4-byte big-endian length, then that many bytes of request
 * header and body), dispatch through {@link KafkaApis}, and the responses written strictly in
 * request order.
 *
 * <p>Bounds: a length above {@code maxFrameBytes} (or below 1) closes the connection before any of
 * the frame is read; at most {@code maxInFlight} requests await their response, beyond that reading
 * pauses (and also while the socket's write queue is full) and resumes as responses go out. A
 * session a quota throttled ({@link ClientSession#muteUntil}) is not read until its mute ends.
 *
 * <p>Invariant: a connection's requests reach their handlers one after the other, in the order
 * their frames arrived, on the event loop, so a handler that calls its backend synchronously
 * (Produce does) hands a connection's appends to the backend in request order: an idempotent
 * producer's pipelined batches stay in sequence. A request whose gate decides later (the ACLs
 * before their first read) is handed on through this context, and reading pauses until it has
 * been ({@link Dispatch#handedOn()}), so no later request overtakes it.
 *
 * <p>A reply in pieces ({@link Reply.SendParts}, a Fetch answer on a plaintext socket) is written
 * piece after piece, its record batches as {@link FileBatchesRegion}s, which Netty releases once
 * written or failed; a reply that is not written (the connection closed first) is
 * {@link Reply#discard discarded}, so no file reference outlives the connection. A region's bytes
 * do not count towards the socket's write queue ({@link NetSocket#writeQueueFull()}): what bounds
 * them is {@code maxInFlight} replies of at most the client's {@code max_bytes} each.
 *
 * <p>Thread-safety: confined to the event loop of the socket's {@link Context}. Handler stages may
 * complete on any thread; their replies hop back onto that context before touching any state.
 * Nothing here blocks.
 */
final class KafkaConnection {

    private static final Logger LOG = Logger.getLogger(KafkaConnection.class);
    private static final int LENGTH_BYTES = 4;

    private final NetSocket socket;
    private final Context context;
    private final KafkaApis apis;
    private final ClientSession session;
    private final int maxFrameBytes;
    private final int maxInFlight;
    private final Executor onConnection;
    private final ResponseQueue<Reply> replies = new ResponseQueue<>();
    private RecordParser parser;
    private boolean readingLength = true;
    private boolean paused;
    private boolean muted;
    /** A request's gate has not yet handed it to its handler: read nothing further until it has. */
    private boolean handingOn;
    private boolean closed;

    KafkaConnection(NetSocket socket, Context context, KafkaApis apis, ClientSession session, int maxFrameBytes, int maxInFlight) {
        this.socket = socket;
        this.context = context;
        this.apis = apis;
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
        this.maxInFlight = maxInFlight;
        this.onConnection = task -> context.runOnContext(v -> task.run());
    }

    void start() {
        parser = RecordParser.newFixed(LENGTH_BYTES, socket);
        parser.handler(this::onChunk);
        parser.exceptionHandler(this::onFailure);
        socket.exceptionHandler(this::onFailure);
        socket.closeHandler(v -> onClosed());
        socket.drainHandler(v -> maybeResume());
    }

    private void onChunk(Buffer chunk) {
        if (closed) {
            return;
        }
        if (readingLength) {
            int length = chunk.getInt(0);
            if (length < 1 || length > maxFrameBytes) {
                close("a frame of " + length + " bytes is outside 1.." + maxFrameBytes
                        + " (the listener's maximum request size); not reading it");
                return;
            }
            readingLength = false;
            parser.fixedSizeMode(length);
            return;
        }
        readingLength = true;
        parser.fixedSizeMode(LENGTH_BYTES);
        // A copy the request owns: record batches travel on to the backends as slices of it.
        ByteBuffer frame = ByteBuffer.wrap(chunk.getBytes());
        onFrame(frame);
    }

    private void onFrame(ByteBuffer frame) {
        ResponseQueue.Slot<Reply> slot = replies.add();
        Dispatch dispatch;
        try {
            dispatch = apis.dispatch(frame, session, onConnection);
        } catch (RuntimeException e) {
            LOG.errorf(e, "connection %s: the dispatcher failed", session.connectionId());
            close("the dispatcher failed: " + e);
            return;
        }
        dispatch.reply().whenComplete((r, failure) -> context.runOnContext(v -> onReply(slot, r, failure)));
        if (!dispatch.handedOn().toCompletableFuture().isDone()) {
            handingOn = true;
            dispatch.handedOn().whenComplete((v, failure) -> context.runOnContext(x -> {
                handingOn = false;
                maybeResume();
            }));
        }
        maybePause();
    }

    private void onReply(ResponseQueue.Slot<Reply> slot, Reply reply, Throwable failure) {
        if (closed) {
            if (reply != null) {
                Reply.discard(reply);
            }
            return;
        }
        Reply settled = failure == null ? reply : Reply.close("the dispatcher failed: " + failure);
        replies.complete(slot, settled, this::release);
        maybeResume();
    }

    private void release(Reply reply) {
        if (closed) {
            Reply.discard(reply);
            return;
        }
        if (reply instanceof Reply.Send send) {
            socket.write(Buffer.buffer(Unpooled.wrappedBuffer(send.frame())));
            maybePause();
        } else if (reply instanceof Reply.SendParts parts) {
            writeParts(parts.parts());
            maybePause();
        } else if (reply instanceof Reply.SendThenClose last) {
            closeAfter(last.frame(), last.reason());
        } else if (reply instanceof Reply.Close close) {
            close(close.reason());
        }
        maybeMute();
    }

    /** Writes a frame's pieces in order; Netty releases each file piece (also those after a failed write). */
    private void writeParts(List<FramePart> parts) {
        NetSocketInternal internal = (NetSocketInternal) socket;
        for (FramePart part : parts) {
            if (part instanceof FramePart.Bytes bytes) {
                socket.write(Buffer.buffer(Unpooled.wrappedBuffer(bytes.bytes())));
            } else {
                internal.writeMessage(new FileBatchesRegion(((FramePart.File) part).batches()));
            }
        }
    }

    /**
     * A quota throttled the session: stop reading until its mute ends (Kafka mutes a throttled
     * channel once its response is sent, KIP-219), then resume unless other bounds still hold.
     */
    private void maybeMute() {
        long until = session.mutedUntilNanos();
        long remainingNanos = until == Long.MIN_VALUE ? 0 : until - System.nanoTime();
        if (muted || closed || remainingNanos <= 0) {
            return;
        }
        muted = true;
        if (!paused) {
            paused = true;
            parser.pause();
        }
        context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)), id -> context.runOnContext(v -> {
            muted = false;
            maybeMute();
            maybeResume();
        }));
    }

    private void maybePause() {
        if (!paused && !closed && (handingOn || replies.inFlight() >= maxInFlight || socket.writeQueueFull())) {
            paused = true;
            parser.pause();
        }
    }

    private void maybeResume() {
        if (paused && !closed && !muted && !handingOn && replies.inFlight() < maxInFlight && !socket.writeQueueFull()) {
            paused = false;
            parser.resume();
        }
    }

    private void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        replies.clear(Reply::discard);
        LOG.warnf("closing Kafka connection %s from %s: %s", session.connectionId(), session.remote(), reason);
        socket.close();
    }

    /** Writes a last frame, reads nothing more, and closes once the frame is written (a failed SASL step). */
    private void closeAfter(ByteBuffer frame, String reason) {
        closed = true;
        replies.clear(Reply::discard);
        LOG.infof("closing Kafka connection %s from %s after its answer: %s", session.connectionId(), session.remote(), reason);
        socket.write(Buffer.buffer(Unpooled.wrappedBuffer(frame))).onComplete(written -> socket.close());
    }

    /** A socket error (a reset, a broken pipe) is the client's business, not a protocol violation: no warning. */
    private void onFailure(Throwable failure) {
        if (!closed) {
            LOG.debugf("Kafka connection %s from %s failed: %s", session.connectionId(), session.remote(), failure.toString());
            closed = true;
            replies.clear(Reply::discard);
            socket.close();
        }
    }

    private void onClosed() {
        closed = true;
        replies.clear(Reply::discard);
    }
}
