package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.strata.adminui.auth.SessionContext;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.config.ClusterTrust;
import io.strata.adminui.listing.ListQuery;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The console's only way to the cluster: the gateway's public REST admin API ({@code /admin/...}),
 * as any other client uses it. A non-2xx answer becomes a {@link ConsoleProblem} carrying the
 * gateway's problem+json (status, {@code error_code}, {@code detail}) unchanged; an unreachable or
 * slow gateway becomes a 502 problem naming its address or the timeout setting.
 *
 * <p>Who it calls as: with the console's login, the signed-in user of the current request (their
 * {@code Authorization: Basic}, held by their session), so the gateway's ACLs apply to each user;
 * a request without a session sends no credentials at all (never the console's own). Without the
 * login, the console's own {@code gateway-username}. {@link #asCurrentCaller()} fixes the caller
 * for calls made later off the request (the live tail), {@link #asConsole()} is the console's own
 * user (the audit topic).
 *
 * <p>Thread-safe (the JDK client is); the blocking calls are made from worker threads only (every
 * page resource is {@code @Blocking}), never from a Vert.x event loop.
 */
@ApplicationScoped
public class GatewayClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final AdminUiConfig config;
    private final HttpClient http;
    /** The console's own Authorization header value when configured; empty otherwise. */
    private final Optional<String> consoleAuthorization;
    /** Set: every call sends this (empty: none); null: decided per request ({@link #authorization()}). */
    private final Optional<String> fixedAuthorization;
    private final SessionContext session;

    @Inject
    public GatewayClient(AdminUiConfig config, ClusterTrust trust, SessionContext session) {
        this(config, trust.client(config.connectTimeout()), authorization(config), null, session);
    }

    private GatewayClient(AdminUiConfig config, HttpClient http, Optional<String> consoleAuthorization,
                          Optional<String> fixedAuthorization, SessionContext session) {
        this.config = config;
        this.http = http;
        this.consoleAuthorization = consoleAuthorization;
        this.fixedAuthorization = fixedAuthorization;
        this.session = session;
    }

    /** This client calling as the current request's caller from now on, also off the request's thread. */
    public GatewayClient asCurrentCaller() {
        return new GatewayClient(config, http, consoleAuthorization, authorization(), session);
    }

    /** This client calling as the console's own user ({@code gateway-username}), whoever the request is from. */
    public GatewayClient asConsole() {
        return new GatewayClient(config, http, consoleAuthorization, consoleAuthorization, session);
    }

    /** Whether the console has its own gateway user. */
    public boolean hasConsoleUser() {
        return consoleAuthorization.isPresent();
    }

    /**
     * The status {@code GET /admin/cluster} answers with these credentials (none when empty): how
     * the sign-in asks the gateway whether a password is right (401: it is not). An unreachable
     * gateway is a 502 problem, never a wrong password.
     */
    public int statusWith(Optional<String> authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.gateway().resolve("/admin/cluster")).timeout(config.requestTimeout())
                .header("Accept", "application/json").GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpRequest built = request.build();
        return join(http.sendAsync(built, HttpResponse.BodyHandlers.discarding()).exceptionally(failure -> {
            throw unreachable(built, failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
        })).statusCode();
    }

    private Optional<String> authorization() {
        if (fixedAuthorization != null) {
            return fixedAuthorization;
        }
        if (!config.auth().enabled()) {
            return consoleAuthorization;
        }
        boolean inRequest = Arc.container() != null && Arc.container().requestContext().isActive();
        return inRequest && session.session() != null ? Optional.of(session.session().authorization()) : Optional.empty();
    }

    private static Optional<String> authorization(AdminUiConfig config) {
        if (config.gatewayUsername().isPresent() != config.gatewayPassword().isPresent()) {
            throw new IllegalStateException("strata.admin-ui.gateway-username and strata.admin-ui.gateway-password go together: "
                    + (config.gatewayUsername().isPresent() ? "the password" : "the user name") + " is missing");
        }
        return config.gatewayUsername().map(user -> basic(user, config.gatewayPassword().orElseThrow()));
    }

    /** The {@code Authorization} value of HTTP Basic for this user and password (UTF-8, as the gateway reads it). */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON object to fill as a request body. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public URI address() {
        return config.gateway();
    }

    public ClusterReport cluster() {
        return send(get("/admin/cluster"), body -> read(body, ClusterReport.class));
    }

    public List<TopicReport> topics() {
        return send(get("/admin/topics"), body -> read(body, new TypeReference<List<TopicReport>>() { }));
    }

    /** One page of topics in summary form, searched, sorted and cut by the gateway as {@code query} says. */
    public TopicPageReport topicPage(ListQuery query) {
        return send(get("/admin/topics" + query.queryString() + "&fields=summary"), body -> read(body, TopicPageReport.class));
    }

    /** The topic with each partition's log start offset and high watermark. */
    public TopicReport topic(String name) {
        return send(get("/admin/topics/" + segment(name)), body -> read(body, TopicReport.class));
    }

    public List<ConfigReport> configs(String topic) {
        return send(get("/admin/topics/" + segment(topic) + "/configs"),
                body -> read(body, new TypeReference<List<ConfigReport>>() { }));
    }

    /** {@code {"name", "partitions", "replication_factor", "configs"}} as the gateway reads it. */
    public TopicReport createTopic(ObjectNode request) {
        return send(post("/admin/topics", request), body -> read(body, TopicReport.class));
    }

    /** Grows the topic to {@code partitionsCount} partitions in all; answers the topic as it now is. */
    public TopicReport createPartitions(String topic, int partitionsCount) {
        return send(post("/admin/topics/" + segment(topic) + "/partitions", object().put("partitions_count", partitionsCount)),
                body -> read(body, TopicReport.class));
    }

    public void deleteTopic(String name) {
        send(request("/admin/topics/" + segment(name)).DELETE().build(), body -> null);
    }

    /** Sets {@code set} (name → value) and removes the overrides named in {@code delete}. */
    public TopicReport alterConfigs(String topic, Map<String, String> set, List<String> delete) {
        ObjectNode request = object();
        if (!set.isEmpty()) {
            set.forEach(request.putObject("configs")::put);
        }
        if (!delete.isEmpty()) {
            delete.forEach(request.putArray("delete")::add);
        }
        HttpRequest put = request("/admin/topics/" + segment(topic) + "/configs")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(request))).build();
        return send(put, body -> read(body, TopicReport.class));
    }

    public List<GroupSummary> groups() {
        return send(get("/admin/groups"), body -> read(body, new TypeReference<List<GroupSummary>>() { }));
    }

    public GroupReport group(String groupId) {
        return send(get("/admin/groups/" + segment(groupId)), body -> read(body, GroupReport.class));
    }

    /** The total lag of each of these groups, in the order asked, from one {@code POST /admin/groups/lag}. */
    public List<GroupLagReport> groupLags(List<String> groupIds) {
        ObjectNode request = object();
        groupIds.forEach(request.putArray("groups")::add);
        return send(post("/admin/groups/lag", request), body -> read(body, GroupLagReport.Totals.class)).groups();
    }

    public void deleteGroup(String groupId) {
        send(request("/admin/groups/" + segment(groupId)).DELETE().build(), body -> null);
    }

    /** {@code POST /admin/groups/{g}/offsets/reset} with the gateway's body; the offsets stored (or, dry, that would be). */
    public List<ResetOffsetReport> resetOffsets(String groupId, ObjectNode request) {
        return send(post("/admin/groups/" + segment(groupId) + "/offsets/reset", request),
                body -> read(JSON.readTree(body).path("offsets").traverse(JSON), new TypeReference<List<ResetOffsetReport>>() { }));
    }

    /**
     * Up to {@code maxRecords} records of one partition from {@code offset}, without waiting for new
     * ones, in the binary format (so that any value reads, JSON or not).
     */
    public List<RecordReport> records(String topic, int partition, long offset, int maxRecords) {
        return join(recordsAsync(topic, partition, offset, maxRecords));
    }

    /**
     * {@link #records} without blocking, for the live tail's event stream: completes on the HTTP
     * client's threads, failing with a {@link ConsoleProblem}.
     */
    public CompletableFuture<List<RecordReport>> recordsAsync(String topic, int partition, long offset, int maxRecords) {
        HttpRequest read = request("/topics/" + segment(topic) + "/partitions/" + partition + "/records?offset=" + offset
                + "&max_records=" + maxRecords + "&timeout_ms=0")
                .header("Accept", "application/vnd.kafka.binary.v2+json").GET().build();
        return sendAsync(read, body -> read(body, new TypeReference<List<RecordReport>>() { }));
    }

    /** {@link #topic} without blocking (see {@link #recordsAsync}). */
    public CompletableFuture<TopicReport> topicAsync(String name) {
        return sendAsync(get("/admin/topics/" + segment(name)), body -> read(body, TopicReport.class));
    }

    /**
     * Produces the records of a binary-format body ({@code {"records":[{"key","value","headers"}]}},
     * base64) to the topic, or to one partition when {@code partition} is not null; answers after
     * {@code acks=all}.
     */
    public List<ProducedOffset> produce(String topic, Integer partition, ObjectNode records) {
        String path = "/topics/" + segment(topic) + (partition == null ? "" : "/partitions/" + partition);
        HttpRequest post = request(path).header("Content-Type", "application/vnd.kafka.binary.v2+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(records))).build();
        return send(post, body -> read(JSON.readTree(body).path("offsets").traverse(JSON),
                new TypeReference<List<ProducedOffset>>() { }));
    }

    /** The ACL bindings {@code filter} selects (query parameter → value; blank values left out), as the gateway lists them. */
    public List<AclReport> acls(Map<String, String> filter) {
        return send(get("/admin/acls" + query(filter)), body -> read(body, new TypeReference<List<AclReport>>() { }));
    }

    /** Creates one binding ({@code {"principal", "host", "resource_type", …}}); answers how many were new (0: it existed). */
    public int createAcl(ObjectNode binding) {
        return send(post("/admin/acls", binding), body -> JSON.readTree(body).path("created").asInt());
    }

    /** Deletes the bindings {@code filter} selects (at least one value, or the gateway refuses); answers those deleted. */
    public List<AclReport> deleteAcls(Map<String, String> filter) {
        return send(request("/admin/acls" + query(filter)).DELETE().build(),
                body -> read(JSON.readTree(body).path("deleted").traverse(JSON), new TypeReference<List<AclReport>>() { }));
    }

    /** The partition moves in progress. */
    public List<ReassignmentReport> reassignments() {
        return send(get("/admin/reassignments"), body -> read(body, ReassignmentReport.Listing.class)).reassignments();
    }

    /**
     * Starts moving one partition onto {@code replicas} (the first the preferred leader); the
     * gateway answers 200 with a result per partition, so a refused move is a problem here.
     */
    public void reassign(String topic, int partition, List<Integer> replicas) {
        ObjectNode request = object();
        ObjectNode move = request.putArray("partitions").addObject().put("topic", topic).put("partition", partition);
        replicas.forEach(move.putArray("replicas")::add);
        send(post("/admin/reassignments", request), body -> read(body, ReassignmentResultReport.Results.class)).results()
                .forEach(GatewayClient::requireAccepted);
    }

    /** Cancels the move of one partition (404 NO_REASSIGNMENT_IN_PROGRESS when none is). */
    public void cancelReassignment(String topic, int partition) {
        send(request("/admin/reassignments/" + segment(topic) + "/" + partition).DELETE().build(), body -> null);
    }

    /** Moves every replica off the node; answers the plan (a refused move is a problem here). */
    public DrainReport drain(int node) {
        DrainReport drain = send(post("/admin/nodes/" + node + "/drain", object()), body -> read(body, DrainReport.class));
        drain.results().forEach(GatewayClient::requireAccepted);
        return drain;
    }

    private static void requireAccepted(ReassignmentResultReport result) {
        if (result.errorCode() != null) {
            throw new ConsoleProblem(400, result.errorCode(), "Reassignment refused",
                    result.topic() + "-" + result.partition() + ": " + result.message());
        }
    }

    /** {@code ?name=value&…} of the non-blank values, each escaped; empty when there are none. */
    private static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    private HttpRequest get(String path) {
        return request(path).header("Accept", "application/json").GET().build();
    }

    private HttpRequest post(String path, ObjectNode request) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(request))).build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.gateway().resolve(path)).timeout(config.requestTimeout());
        authorization().ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    /** A name as one URL path segment (every reserved character escaped, spaces as %20). */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T send(HttpRequest request, Reader<T> reader) {
        return join(sendAsync(request, reader));
    }

    private static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            throw problem(e);
        }
    }

    /** The problem a failed asynchronous call carries (a {@link ConsoleProblem}, or a 502 naming the cause). */
    public static ConsoleProblem problemOf(Throwable failure) {
        return problem(failure);
    }

    private <T> CompletableFuture<T> sendAsync(HttpRequest request, Reader<T> reader) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .exceptionally(failure -> {
                    throw unreachable(request, failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
                })
                .thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw refused(request, response);
                    }
                    try {
                        return reader.read(response.body());
                    } catch (IOException e) {
                        throw ConsoleProblem.gatewayUnavailable(request.method() + " " + request.uri()
                                + " answered JSON the console cannot read: " + e.getMessage());
                    }
                });
    }

    private ConsoleProblem unreachable(HttpRequest request, Throwable failure) {
        if (failure instanceof HttpTimeoutException) {
            return ConsoleProblem.gatewayUnavailable("the gateway at " + config.gateway() + " did not answer "
                    + request.method() + " " + request.uri().getPath() + " within " + config.requestTimeout()
                    + " (strata.admin-ui.request-timeout)");
        }
        return ConsoleProblem.gatewayUnavailable("cannot reach the gateway at " + config.gateway() + " (strata.admin-ui.gateway): "
                + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }

    /** The gateway's problem+json as a {@link ConsoleProblem}; a body that is not one is quoted (shortened). */
    private static ConsoleProblem refused(HttpRequest request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem != null && problem.hasNonNull("detail")) {
                return new ConsoleProblem(problem.path("status").asInt(status), problem.path("error_code").asText("UNKNOWN"),
                        problem.path("title").asText("HTTP " + status), problem.get("detail").asText());
            }
        } catch (IOException e) {
            // not JSON: quoted below
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return new ConsoleProblem(status, "UNKNOWN", "HTTP " + status, request.method() + " " + request.uri().getPath()
                + " answered " + status + ": " + (text.length() > 300 ? text.substring(0, 300) + " …" : text));
    }

    private static ConsoleProblem problem(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConsoleProblem problem) {
            return problem;
        }
        return ConsoleProblem.gatewayUnavailable("the call to the gateway failed: " + cause);
    }

    private static byte[] bytes(ObjectNode request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    private static <T> T read(byte[] body, Class<T> type) throws IOException {
        return JSON.readValue(body, type);
    }

    private static <T> T read(byte[] body, TypeReference<T> type) throws IOException {
        return JSON.readValue(body, type);
    }

    private static <T> T read(com.fasterxml.jackson.core.JsonParser parser, TypeReference<T> type) throws IOException {
        return JSON.readValue(parser, type);
    }

    /** Reads an answer's body. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(byte[] body) throws IOException;
    }
}
