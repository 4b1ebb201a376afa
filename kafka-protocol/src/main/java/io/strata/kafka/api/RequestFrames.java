package io.strata.kafka.api;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads the header and the body of one request frame (the length prefix already removed) with
 * kafka-clients' generated classes. Stateless.
 *
 * <p>Two leniencies, both Kafka's own: an ApiVersions request of a version newer than kafka-clients
 * knows is not parsed (a client always sends its newest ApiVersions and falls back to what the
 * v0 answer lists), and a request at a version that kafka-clients no longer parses but whose
 * schema it still carries (Produce v0–2, which librdkafka probes) is read at that version and
 * handed on as a request of the oldest parseable version, so the handler can refuse it in-band.
 */
public final class RequestFrames {

    private RequestFrames() {
    }

    /** The api key of the frame, if it names one kafka-clients knows. */
    public static Optional<ApiKeys> apiKey(ByteBuffer frame) {
        if (frame.remaining() < 2) {
            return Optional.empty();
        }
        short id = frame.getShort(frame.position());
        return ApiKeys.hasId(id) ? Optional.of(ApiKeys.forId(id)) : Optional.empty();
    }

    /**
     * Parses the header and leaves {@code frame} at the body. An ApiVersions header that does not
     * parse at the version it claims is read by its fixed prefix (key, version, correlation id).
     *
     * @throws InvalidRequestException when the header is truncated or malformed
     */
    public static RequestHeader header(ByteBuffer frame) {
        int start = frame.position();
        try {
            return RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            if (frame.limit() - start >= 8 && frame.getShort(start) == ApiKeys.API_VERSIONS.id) {
                frame.position(frame.limit());
                return new RequestHeader(ApiKeys.API_VERSIONS, frame.getShort(start + 2), "", frame.getInt(start + 4));
            }
            throw new InvalidRequestException("malformed request header: " + e.getMessage(), e);
        }
    }

    /** An ApiVersions request of a version this listener does not serve, answered at v0 (not parsed). */
    public static ApiVersionsRequest unsupportedApiVersions(RequestHeader header) {
        return new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, header.apiVersion());
    }

    /**
     * Parses the body at the header's version.
     *
     * @throws InvalidRequestException when the body is truncated or malformed, or the version has no schema
     */
    public static AbstractRequest body(RequestHeader header, ByteBuffer frame) {
        ApiKeys apiKey = header.apiKey();
        short version = header.apiVersion();
        try {
            if (apiKey.isVersionSupported(version)) {
                return AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame)).request;
            }
            ApiMessage legacy = apiKey.messageType.newRequest();
            legacy.read(new ByteBufferAccessor(frame), version);
            short oldest = apiKey.oldestVersion();
            ByteBuffer rewritten = MessageUtil.toByteBufferAccessor(legacy, oldest).buffer();
            return AbstractRequest.parseRequest(apiKey, oldest, new ByteBufferAccessor(rewritten)).request;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cannot read " + apiKey + " v" + version + " (correlation id "
                    + header.correlationId() + "): " + e.getMessage(), e);
        }
    }
}
