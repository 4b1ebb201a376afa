package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Locale;

/**
 * How keys and values appear in REST bodies, as in the Kafka REST Proxy v2: JSON (a value is any
 * JSON, stored as its JSON text) or binary (base64 strings, stored as the decoded bytes); and the
 * Strimzi Bridge's text (strings, stored as their UTF-8 bytes).
 */
public enum EmbeddedFormat {
    JSON("application/vnd.kafka.json.v2+json"),
    BINARY("application/vnd.kafka.binary.v2+json"),
    TEXT("application/vnd.kafka.text.v2+json");

    private final String mediaType;

    EmbeddedFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format a consumer instance was created with ("json", "binary", "text"). */
    public static EmbeddedFormat ofName(String name) {
        return switch (name) {
            case "json" -> JSON;
            case "text" -> TEXT;
            default -> BINARY;
        };
    }

    /** The format of a produce body, by its Content-Type (parameters such as charset are ignored). */
    public static EmbeddedFormat ofContentType(String contentType) {
        String type = bare(contentType);
        return switch (type) {
            case "application/vnd.kafka.json.v2+json", "application/json" -> JSON;
            case "application/vnd.kafka.binary.v2+json" -> BINARY;
            case "application/vnd.kafka.text.v2+json" -> TEXT;
            default -> throw new StrataException(ErrorCode.INVALID_REQUEST, (type.isEmpty()
                    ? "the request has no Content-Type" : "unsupported Content-Type '" + type + "'")
                    + ": use application/vnd.kafka.json.v2+json, application/json, application/vnd.kafka.binary.v2+json"
                    + " or application/vnd.kafka.text.v2+json");
        };
    }

    /** The format of a read answer, by the Accept header (absent, * / * or application/json mean JSON). */
    public static EmbeddedFormat ofAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        for (String candidate : accept.split(",")) {
            String type = bare(candidate);
            switch (type) {
                case "application/vnd.kafka.binary.v2+json":
                    return BINARY;
                case "application/vnd.kafka.text.v2+json":
                    return TEXT;
                case "application/vnd.kafka.json.v2+json", "application/json", "application/*", "*/*":
                    return JSON;
                default:
                    break;
            }
        }
        throw new StrataException(ErrorCode.INVALID_REQUEST, "cannot answer in '" + accept.trim()
                + "': accept application/vnd.kafka.json.v2+json, application/json, application/vnd.kafka.binary.v2+json"
                + " or application/vnd.kafka.text.v2+json");
    }

    private static String bare(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
