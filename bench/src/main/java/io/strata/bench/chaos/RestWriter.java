package io.strata.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One REST writer: POSTs {@value #BATCH} records {@code r<id>-<n>} at a time to one partition
 * through the gateway with {@code acks=all}, one request at a time, and records each acknowledged
 * record in the {@link History} by value with the offset the gateway answered.
 *
 * <p>A request that fails (error status, broken connection, timeout) has an unknown outcome: its
 * records may be stored, at most once each. The writer never sends those values again (a client's
 * own resend of a value would make a duplicate the client caused, which the REST API cannot
 * recognise); it goes on with new values after a backoff. So a REST value stored twice is the
 * cluster's doing, e.g. the gateway retrying an append the leader had already written.
 *
 * <p>Thread-safety: one thread; one request in flight.
 */
final class RestWriter implements Runnable {

    /** Records per request. */
    static final int BATCH = 5;
    /** Bound on one request, then it counts as failed and is retried. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Wait after a failed request before the next one. */
    static final long RETRY_BACKOFF_MS = 250;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int id;
    private final String gatewayUrl;
    private final Workload workload;
    private final History history;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean running = true;

    RestWriter(int id, String gatewayUrl, Workload workload, History history) {
        this.id = id;
        this.gatewayUrl = gatewayUrl;
        this.workload = workload;
        this.history = history;
        this.thread = new Thread(this, "chaos-rest-writer-" + id);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * BATCH / Math.max(1, workload.recordsPerSec());
        for (long request = 0; running; request++) {
            LockSupport.parkNanos(start + request * intervalNanos - System.nanoTime());
            Workload.Target target = workload.target(id, request);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                values.add("r" + id + "-" + (request * BATCH + i));
            }
            history.sent(values.size());
            if (!send(target, values)) {
                history.failed(values.size());
            }
        }
    }

    /** Sends once: true when acknowledged; false when the outcome is unknown (then backs off). */
    private boolean send(Workload.Target target, List<String> values) {
        try {
            HttpResponse<String> response = http.send(request(target, values), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                JsonNode offsets = JSON.readTree(response.body()).get("offsets");
                for (int i = 0; i < values.size(); i++) {
                    JsonNode offset = offsets.get(i);
                    history.acknowledged(values.get(i), target.topic(), offset.get("partition").asInt(),
                            offset.get("offset").asLong());
                }
                return true;
            }
        } catch (java.io.IOException e) {
            // broken connection, refused, timed out: the outcome is unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_BACKOFF_MS));
        return false;
    }

    private HttpRequest request(Workload.Target target, List<String> values) {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < values.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"value\":\"")
                    .append(Base64.getEncoder().encodeToString(values.get(i).getBytes(StandardCharsets.UTF_8))).append("\"}");
        }
        body.append("]}");
        return HttpRequest.newBuilder(URI.create(gatewayUrl + "/topics/" + target.topic() + "/partitions/"
                        + target.partition() + "?acks=all"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/vnd.kafka.binary.v2+json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    /** Stops sending; waits for the request in flight (at most its timeout). */
    void stopAndDrain() throws InterruptedException {
        running = false;
        thread.join(REQUEST_TIMEOUT.toMillis() + RETRY_BACKOFF_MS + 1_000);
    }
}
