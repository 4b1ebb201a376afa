package io.strata.gateway.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP to the gateway under test, for the REST surface tests: each call answers its status,
 * headers and parsed body, so a test asserts all three and a failure shows the body.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String V2 = "application/vnd.kafka.v2+json";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Http(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** An answer: status, headers, body parsed (null when empty or not JSON) and as text. */
    record Answer(int status, HttpResponse<String> raw, JsonNode body, String text) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        JsonNode ok() {
            if (status / 100 != 2) {
                throw new AssertionError("HTTP " + status + ": " + text);
            }
            return body;
        }
    }

    Answer get(String path) {
        return get(path, "application/json");
    }

    Answer get(String path, String accept) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
    }

    /** A GET with a body, as the REST Proxy's GET …/offsets takes one. */
    Answer get(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .method("GET", HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).header("Accept", V2 + ", application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = null;
            if (!text.isBlank()) {
                try {
                    body = JSON.readTree(text);
                } catch (IOException notJson) {
                    body = null;
                }
            }
            return new Answer(response.statusCode(), response, body, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
