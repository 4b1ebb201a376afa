package io.strata.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One scrape of a service's {@code /q/metrics} (Prometheus text format), read the way an alert
 * rule reads it: a metric's samples filtered by labels and summed. Immutable.
 */
record MetricsScrape(List<String> lines) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static MetricsScrape of(String serviceUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(serviceUrl + "/q/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new MetricsScrape(response.body().lines().filter(line -> !line.startsWith("#")).toList());
    }

    /**
     * The sum of {@code metric}'s samples whose labels include every {@code label="value"} given
     * (as "label=value"); NaN when there is none, so that a missing metric fails an assertion.
     */
    double sum(String metric, String... labels) {
        double sum = 0;
        boolean found = false;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, Math.max(space, 0));
            String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (!name.equals(metric) || !hasLabels(series, labels)) {
                continue;
            }
            sum += Double.parseDouble(line.substring(space + 1));
            found = true;
        }
        return found ? sum : Double.NaN;
    }

    private static boolean hasLabels(String series, String... labels) {
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (!series.contains(label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"")) {
                return false;
            }
        }
        return true;
    }
}
