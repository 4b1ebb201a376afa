package io.strata.examples.pricing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One scrape of an application's {@code /q/metrics} (Prometheus' text format). Immutable. */
record PrometheusText(String text) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static PrometheusText scrape(int httpPort) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("/q/metrics answered " + response.statusCode() + ": " + response.body());
            }
            return new PrometheusText(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the sample whose name and labels are exactly {@code series} (labels in the exposition's order). */
    double value(String series) {
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in /q/metrics:\n" + text.lines()
                        .filter(line -> line.startsWith("strata_")).reduce("", (a, b) -> a + b + "\n")));
    }
}
