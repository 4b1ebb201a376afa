package io.strata.kafka.testing;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A blocking socket speaking Kafka framing with kafka-clients' request and response classes, for
 * tests that need to send exactly one frame and see exactly what comes back (or that the server
 * closed). Not thread-safe.
 */
public final class RawKafkaClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawKafkaClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void send(AbstractRequest request, int correlationId) throws IOException {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), "raw-test", correlationId);
        ByteBuffer body = request.serializeWithHeader(header);
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body).flip();
        writeRaw(frame);
    }

    /** Writes bytes as they are (a frame, a length alone, a bad header…). */
    public void writeRaw(ByteBuffer bytes) throws IOException {
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        out.write(array);
        out.flush();
    }

    /** One response frame: its header and body parsed for {@code apiKey} at {@code version}. */
    public Response receive(ApiKeys apiKey, short version) throws IOException {
        ByteBuffer frame = receiveFrame();
        ResponseHeader header = ResponseHeader.parse(frame, apiKey.responseHeaderVersion(version));
        AbstractResponse body = AbstractResponse.parseResponse(apiKey, new ByteBufferAccessor(frame), version);
        return new Response(header.correlationId(), body);
    }

    public ByteBuffer receiveFrame() throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** Whether the server closed the connection (end of stream or reset) within {@code timeoutMs}; false if data came or it stayed open. */
    public boolean closedByServer(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException | EOFException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    /** Whether nothing arrives within {@code timeoutMs} (and the connection stays open). */
    public boolean silentFor(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            int b = in.read();
            if (b != -1) {
                throw new IllegalStateException("unexpected data from the server");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Response(int correlationId, AbstractResponse body) {
    }
}
