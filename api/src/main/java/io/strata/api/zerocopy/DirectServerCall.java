package io.strata.api.zerocopy;

import io.grpc.Attributes;
import io.grpc.Decompressor;
import io.grpc.DecompressorRegistry;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcError;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.impl.BridgeMessageDecoder;
import io.vertx.grpc.common.impl.ReadStreamAdapter;
import io.vertx.grpc.common.impl.Utils;
import io.vertx.grpc.common.impl.WriteStreamAdapter;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

import java.net.InetSocketAddress;

/**
 * A grpc-java {@link ServerCall} over one Vert.x gRPC request, as Vert.x's own service bridge
 * makes, except that answers are encoded by the given {@link GrpcMessageEncoder} (a
 * {@link BytesFieldEncoder}) instead of through a {@code ByteArrayOutputStream}. The interceptors
 * and the service's handler see an ordinary call.
 *
 * <p>A call the client cancelled (RST_STREAM) is never written to again: its headers, message and
 * status are dropped. Why: the stream is gone on the connection, and writing an answer to it
 * made the HTTP/2 layer try to open a server stream under the client's (odd) stream id, a
 * connection error ("Request stream 13 is not correct for server connection") that closed the
 * whole connection with GOAWAY PROTOCOL_ERROR and failed every other call on it. A long poll
 * (Fetch) the gateway gave up on answers when its wait ends, after the cancel, so this happened
 * with every cancelled fetch that was still waiting ({@code CancelledCallsTest}).
 *
 * <p>Thread-safety: as the bridge's: driven from the request's Vert.x context; {@link #sendMessage}
 * and {@link #close} may come from a worker thread (Vert.x writes are thread-safe). A cancel that
 * races with an answer being written may still let that one answer through.
 */
final class DirectServerCall<Q, R> extends ServerCall<Q, R> {

    private final GrpcServerRequest<Q, R> request;
    private final ServerMethodDefinition<Q, R> method;
    private final GrpcMessageEncoder<R> encoder;
    private final ReadStreamAdapter<Q> reads;
    private final WriteStreamAdapter<R> writes;
    private final Attributes attributes;
    private volatile ServerCall.Listener<Q> listener;
    private volatile boolean closed;
    private volatile boolean cancelled;
    private volatile int messagesSent;

    DirectServerCall(GrpcServerRequest<Q, R> request, ServerMethodDefinition<Q, R> method, GrpcMessageEncoder<R> encoder) {
        this.request = request;
        this.method = method;
        this.encoder = encoder;
        this.reads = new ReadStreamAdapter<>() {
            @Override
            protected void handleClose() {
                listener.onHalfClose();
            }

            @Override
            protected void handleMessage(Q message) {
                if (!closed) {
                    listener.onMessage(message);
                }
            }
        };
        this.writes = new WriteStreamAdapter<>() {
            @Override
            protected void handleReady() {
                listener.onReady();
            }
        };
        this.attributes = attributes(request);
    }

    /** Starts the call through the method's handler (and so its interceptors). */
    void start() {
        listener = method.getServerCallHandler().startCall(this, Utils.readMetadata(request.headers()));
        request.errorHandler(error -> {
            if (error == GrpcError.CANCELLED && !closed) {
                cancelled = true;
                listener.onCancel();
            }
        });
        Decompressor decompressor = DecompressorRegistry.getDefaultInstance().lookupDecompressor(request.encoding());
        reads.init(request, new BridgeMessageDecoder<>(method.getMethodDescriptor().getRequestMarshaller(), decompressor));
        writes.init(request.response(), encoder);
    }

    private static Attributes attributes(GrpcServerRequest<?, ?> request) {
        Attributes.Builder builder = Attributes.newBuilder();
        SocketAddress remote = request.connection().remoteAddress();
        if (remote != null && remote.isInetSocket()) {
            builder.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress(remote.hostAddress(), remote.port()));
        }
        SocketAddress local = request.connection().localAddress();
        if (local != null && local.isInetSocket()) {
            builder.set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, new InetSocketAddress(local.hostAddress(), local.port()));
        }
        if (request.connection().isSsl()) {
            builder.set(Grpc.TRANSPORT_ATTR_SSL_SESSION, request.connection().sslSession());
        }
        return builder.build();
    }

    @Override
    public void request(int numMessages) {
        reads.request(numMessages);
    }

    @Override
    public void sendHeaders(Metadata headers) {
        if (cancelled) {
            return;
        }
        GrpcServerResponse<Q, R> response = request.response();
        Utils.writeMetadata(headers, response.headers());
        response.writeHead();
    }

    @Override
    public void sendMessage(R message) {
        messagesSent++;
        if (!cancelled) {
            writes.write(message);
        }
    }

    @Override
    public void close(Status status, Metadata trailers) {
        if (closed) {
            throw new IllegalStateException("Already closed");
        }
        closed = true;
        reads.request(Integer.MAX_VALUE);
        if (cancelled) {
            return; // the listener heard onCancel: no onComplete after it
        }
        GrpcServerResponse<Q, R> response = request.response();
        if (status.isOk() && method.getMethodDescriptor().getType().serverSendsOneMessage() && messagesSent == 0) {
            response.status(GrpcStatus.UNAVAILABLE).end();
        } else {
            Utils.writeMetadata(trailers, response.trailers());
            response.status(GrpcStatus.valueOf(status.getCode().value()));
            response.statusMessage(status.getDescription());
            response.end();
        }
        if (listener != null) { // null when an interceptor refused the call while it started
            listener.onComplete();
        }
    }

    @Override
    public boolean isReady() {
        return writes.isReady();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method.getMethodDescriptor();
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }
}
