package io.strata.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.ws.rs.core.Response;

/**
 * Writes REST answers as bytes with the media type chosen here (snake_case field names), so that
 * no Accept header a REST Proxy client sends makes the framework refuse an answer.
 */
final class JsonBodies {

    private static final ObjectMapper WRITER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private JsonBodies() {
    }

    static byte[] bytes(Object body) {
        try {
            return WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static Response ok(Object body) {
        return Response.ok(bytes(body), "application/json").build();
    }

    static Response ok(Object body, String mediaType) {
        return Response.ok(bytes(body), mediaType).build();
    }
}
