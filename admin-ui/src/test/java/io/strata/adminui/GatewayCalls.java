package io.strata.adminui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' own way to the gateway's REST API, beside the console: to set up what a page should
 * show (topics, records, a group's committed offsets) and to check what the cluster holds after an
 * action, never through the console's code.
 */
public final class GatewayCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public GatewayCalls(String base) {
        this(base, null);
    }

    /** Calls sending {@code Authorization: authorization} (a gateway with authentication on), or nothing when null. */
    public GatewayCalls(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** Sends {@code body} (JSON text, or null) and answers the status and the body text. */
    public Answer call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** Like {@link #call}, failing unless 2xx, the body read as JSON (null when empty). */
    public JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        Answer answer = call(method, path, body);
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
    }

    public boolean topicExists(String name) throws IOException, InterruptedException {
        return call("GET", "/admin/topics/" + name, null).status() == 200;
    }

    public void createTopic(String name, int partitions, int replicationFactor) throws IOException, InterruptedException {
        json("POST", "/admin/topics", "{\"name\":\"" + name + "\",\"partitions\":" + partitions
                + ",\"replication_factor\":" + replicationFactor + "}");
    }

    /** Produces {@code count} JSON records to partition 0. */
    public void produce(String topic, int count) throws IOException, InterruptedException {
        StringBuilder records = new StringBuilder("{\"records\":[");
        for (int i = 0; i < count; i++) {
            records.append(i == 0 ? "" : ",").append("{\"value\":{\"n\":").append(i).append("}}");
        }
        json("POST", "/topics/" + topic + "/partitions/0", records.append("]}").toString());
    }

    /**
     * Produces {@code records} (a binary-format body: key, value and header values base64) to the
     * topic, partitions chosen by the gateway unless a record names one; answers the stored
     * partitions and offsets.
     */
    public JsonNode produceBinary(String topic, String records) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/topics/" + topic)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.kafka.binary.v2+json").POST(HttpRequest.BodyPublishers.ofString(records)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST /topics/" + topic + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("offsets");
    }

    /** The topic's effective value of one config. */
    public String config(String topic, String name) throws IOException, InterruptedException {
        for (JsonNode config : json("GET", "/admin/topics/" + topic + "/configs", null)) {
            if (config.path("name").asText().equals(name)) {
                return config.path("value").asText();
            }
        }
        throw new IllegalStateException(topic + " has no config " + name);
    }

    /** The group's committed offset of {@code topic}/{@code partition}, or -1. */
    public long committed(String group, String topic, int partition) throws IOException, InterruptedException {
        for (JsonNode offset : json("GET", "/admin/groups/" + group, null).path("offsets")) {
            if (offset.path("topic").asText().equals(topic) && offset.path("partition").asInt() == partition) {
                return offset.path("committed_offset").asLong();
            }
        }
        return -1;
    }

    /**
     * A one-partition topic of {@code records} records and a group that read and committed the
     * first {@code committed} of them through a REST consumer instance, then left (so it is empty).
     */
    public void committedGroup(String group, String topic, int records, int committed) throws Exception {
        createTopic(topic, 1, 1);
        produce(topic, records);
        json("POST", "/consumers/" + group, "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
        json("POST", "/consumers/" + group + "/instances/c1/subscription", "{\"topics\":[\"" + topic + "\"]}");
        AtomicInteger read = new AtomicInteger();
        Awaitility.await("the consumer reads " + records + " records").atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode answer = json("GET", "/consumers/" + group + "/instances/c1/records?timeout=500", null);
            read.addAndGet(answer.size());
            return read.get() >= records;
        });
        json("POST", "/consumers/" + group + "/instances/c1/offsets",
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":" + committed + "}]}");
        json("DELETE", "/consumers/" + group + "/instances/c1", null);
        Awaitility.await("the group is empty").atMost(Duration.ofSeconds(60))
                .until(() -> json("GET", "/admin/groups/" + group, null).path("members").isEmpty());
    }

    /** A status and a body. */
    public record Answer(int status, String body) {
    }
}
