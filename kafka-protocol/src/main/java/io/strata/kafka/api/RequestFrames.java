package io.strata.kafka.api;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads the header and the body of one request frame (the length prefix already removed) with
 * kafka-clients' generated classes. Stateless.
 *
 * <p>One leniency, Kafka's own: an ApiVersions request of a version newer than kafka-clients knows
 * is not parsed (a client always sends its newest ApiVersions and falls back to what the v0 answer
 * lists). A version kafka-clients has no schema for (Produce v0–2 since Kafka 4, although
 * advertised for librdkafka) does not parse, and the connection closes, as in Kafka 4.1.
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
            return AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cannot read " + apiKey + " v" + version + " (correlation id "
                    + header.correlationId() + "): " + e.getMessage(), e);
        }
    }
}
