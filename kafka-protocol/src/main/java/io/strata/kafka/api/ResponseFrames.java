package io.strata.kafka.api;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

import java.nio.ByteBuffer;

/**
 * Writes one response frame with kafka-clients' generated classes:
 *
 * <pre>
 * +----------------+---------------------------+--------------------------+
 * | length: int32  | ResponseHeader (v0 or v1)  | response body at version |
 * +----------------+---------------------------+--------------------------+
 * </pre>
 *
 * The length counts the header and the body. The header version follows from the API and the
 * request version ({@code ApiKeys.responseHeaderVersion}); ApiVersions always answers with header
 * v0 so that a client can read it whatever version it asked for. Stateless.
 */
public final class ResponseFrames {

    private ResponseFrames() {
    }

    /** The frame answering {@code request} with {@code body} written at {@code version}. */
    public static ByteBuffer encode(RequestHeader request, short version, ApiMessage body) {
        short headerVersion = request.apiKey().responseHeaderVersion(version);
        ResponseHeader header = new ResponseHeader(request.correlationId(), headerVersion);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        header.data().addSize(size, cache, headerVersion);
        body.addSize(size, cache, version);
        ByteBuffer frame = ByteBuffer.allocate(4 + size.totalSize());
        frame.putInt(size.totalSize());
        ByteBufferAccessor writer = new ByteBufferAccessor(frame);
        header.data().write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        if (frame.hasRemaining()) {
            throw new IllegalStateException("response " + request.apiKey() + " v" + version + " wrote "
                    + frame.position() + " bytes of the " + frame.capacity() + " it measured");
        }
        return frame.flip();
    }
}
