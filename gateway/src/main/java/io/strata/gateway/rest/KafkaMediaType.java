package io.strata.gateway.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Locale;

/**
 * The media type of control answers (topic metadata, brokers, consumer instances, offsets,
 * assignments): the Kafka REST Proxy v2 and the Strimzi Bridge document
 * {@value #V2}, plain clients expect {@code application/json}. Resources write the bytes as
 * {@code application/json}; this filter labels the same bytes {@value #V2} when the request's
 * {@code Accept} names it before {@code application/json}. Record answers keep their embedded
 * format's type, errors stay {@code application/problem+json}. Stateless.
 */
public class KafkaMediaType {

    /** The REST Proxy v2's media type of control bodies. */
    public static final String V2 = "application/vnd.kafka.v2+json";
    /** The REST Proxy's version-less alias of it. */
    private static final String ANY_VERSION = "application/vnd.kafka+json";

    /** {@value #V2} when {@code accept} lists it (or its alias) before {@code application/json}, else {@code application/json}. */
    public static String answerType(String accept) {
        if (accept == null) {
            return MediaType.APPLICATION_JSON;
        }
        for (String candidate : accept.split(",")) {
            int semicolon = candidate.indexOf(';');
            String type = (semicolon < 0 ? candidate : candidate.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            if (type.equals(V2) || type.equals(ANY_VERSION)) {
                return V2;
            }
            if (type.equals(MediaType.APPLICATION_JSON)) {
                return MediaType.APPLICATION_JSON;
            }
        }
        return MediaType.APPLICATION_JSON;
    }

    @ServerResponseFilter
    public void label(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type == null || !type.getType().equals("application") || !type.getSubtype().equals("json")
                || request.getUriInfo().getPath().startsWith("/q/")) {
            return;
        }
        if (answerType(request.getHeaderString(HttpHeaders.ACCEPT)).equals(V2)) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, V2);
        }
    }
}
