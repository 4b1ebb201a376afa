package io.strata.deploy.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP GET against a health URL: healthy means status 200 within the request timeout.
 * Connection refused, a timeout (a paused process) or any other status all mean "not healthy".
 *
 * <p>Thread-safe: one shared {@link HttpClient}, which is itself thread-safe. No proxy is ever used
 * (health URLs are on 127.0.0.1 and a configured HTTP proxy must not intercept them).
 */
public final class HealthProbe {

    /** Upper bound of one probe: a paused or wedged process must not stall the caller longer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(REQUEST_TIMEOUT)
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private HealthProbe() {
    }

    /** True when {@code url} answers 200 within {@link #REQUEST_TIMEOUT}. */
    public static boolean isHealthy(URI url) {
        return isHealthy(url, REQUEST_TIMEOUT);
    }

    /** True when {@code url} answers 200 within {@code timeout}. */
    public static boolean isHealthy(URI url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<Void> response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
