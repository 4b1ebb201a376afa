package io.strata.deploy.launcher;

import io.strata.deploy.tls.PemFiles;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One HTTP GET against a health URL: healthy means status 200 within the request timeout.
 * Connection refused, a timeout (a paused process) or any other status all mean "not healthy".
 *
 * <p>An https health URL (a secure cluster) is checked against the CAs given to {@link #trust}
 * (the cluster's own CA), with host name verification, never against "trust anything".
 *
 * <p>Thread-safe: one shared {@link HttpClient}, itself thread-safe, replaced whole (volatile) when
 * a CA is added. No proxy is ever used (health URLs are on 127.0.0.1 and a configured HTTP proxy
 * must not intercept them).
 */
public final class HealthProbe {

    /** Upper bound of one probe: a paused or wedged process must not stall the caller longer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The bound of one https probe: the first TLS handshake of a fresh JVM (key exchange, JSSE
     * start-up) took 2.3 s on the loaded 2-core build machine, so {@code ./strata status} of a secure
     * cluster reported healthy services as unhealthy within {@link #REQUEST_TIMEOUT}.
     */
    public static final Duration TLS_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<Path> TRUSTED = new LinkedHashSet<>();
    private static volatile HttpClient client = newClient(null);

    private HealthProbe() {
    }

    /** Trusts the CA certificates in {@code caFile} (PEM) for https health URLs from now on. */
    public static synchronized void trust(Path caFile) {
        if (TRUSTED.add(caFile.toAbsolutePath().normalize())) {
            client = newClient(PemFiles.trusting(List.copyOf(TRUSTED)));
        }
    }

    private static HttpClient newClient(SSLContext trust) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(REQUEST_TIMEOUT)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (trust != null) {
            builder.sslContext(trust);
        }
        return builder.build();
    }

    /** True when {@code url} answers 200 within {@link #REQUEST_TIMEOUT} ({@link #TLS_REQUEST_TIMEOUT} for https). */
    public static boolean isHealthy(URI url) {
        return isHealthy(url, "https".equals(url.getScheme()) ? TLS_REQUEST_TIMEOUT : REQUEST_TIMEOUT);
    }

    /** True when {@code url} answers 200 within {@code timeout}. */
    public static boolean isHealthy(URI url, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
