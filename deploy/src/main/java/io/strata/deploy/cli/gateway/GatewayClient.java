package io.strata.deploy.cli.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;
import io.strata.deploy.tls.PemFiles;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's REST API as the command line uses it (JDK {@code java.net.http} and Jackson, nothing
 * else, so the verbs start fast). Every call answers the parsed JSON body (a {@link MissingNode} for
 * 204) or throws a {@link CliException}; this class is the one place where a failed call becomes an
 * exit code: no answer at all is {@link ExitCode#UNREACHABLE}; an error status becomes the code of
 * {@link ExitCode#ofHttpStatus} with the problem+json {@code detail} (and {@code error_code}) as the
 * message. Limits: {@link #CONNECT_TIMEOUT} to connect, {@link #REQUEST_TIMEOUT} per call plus any
 * long-poll wait the call asks the gateway for. Thread-safe (the JDK client is).
 */
public final class GatewayClient {

    /** How long a connection to the gateway may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long one call may take beyond the long-poll wait it asks for. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public static final String JSON = "application/json";
    public static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    public GatewayClient(URI base) {
        this(base, Optional.empty());
    }

    /** A client of {@code base} that checks an https gateway against the CA certificates in {@code caFile} (PEM). */
    public GatewayClient(URI base, Optional<Path> caFile) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1);
        caFile.ifPresent(file -> builder.sslContext(PemFiles.trusting(List.of(file))));
        this.http = builder.build();
    }

    public URI base() {
        return base;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A path segment (topic or group name) escaped for a URL. */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        return send(request(path, Duration.ZERO).GET().build());
    }

    /** A GET that asks the gateway to wait up to {@code longPoll} for data. */
    public JsonNode get(String path, String accept, Duration longPoll) {
        return send(request(path, longPoll).header("Accept", accept).GET().build());
    }

    public JsonNode post(String path, String contentType, JsonNode body) {
        return send(withBody(request(path, Duration.ZERO), contentType, body).POST(bodyOf(body)).build());
    }

    public JsonNode put(String path, JsonNode body) {
        return send(withBody(request(path, Duration.ZERO), JSON, body).PUT(bodyOf(body)).build());
    }

    public JsonNode delete(String path) {
        return send(request(path, Duration.ZERO).DELETE().build());
    }

    private HttpRequest.Builder request(String path, Duration longPoll) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT.plus(longPoll));
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder request, String contentType, JsonNode body) {
        return body == null ? request : request.header("Content-Type", contentType);
    }

    private static HttpRequest.BodyPublisher bodyOf(JsonNode body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        try {
            return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCode.FAILED, "the gateway at " + base + " did not answer "
                    + request.method() + " " + request.uri().getPath() + " within " + request.timeout().orElseThrow());
        } catch (IOException e) {
            throw e.getCause() instanceof UnresolvedAddressException ? unreachable(e)
                    : new CliException(ExitCode.UNREACHABLE, "the gateway at " + base + " closed the connection: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted");
        }
        return answer(request, response.statusCode(), response.body());
    }

    private CliException unreachable(Exception e) {
        return new CliException(ExitCode.UNREACHABLE, "no gateway answers at " + base
                + " (give its address with --gateway URL or STRATA_GATEWAY; is the cluster up? ./strata status)", e);
    }

    private static JsonNode answer(HttpRequest request, int status, byte[] body) {
        if (status >= 200 && status < 300) {
            if (body.length == 0) {
                return MissingNode.getInstance();
            }
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILED, request.method() + " " + request.uri().getPath()
                        + " answered " + status + " with a body that is not JSON: " + e.getMessage());
            }
        }
        throw new CliException(ExitCode.ofHttpStatus(status), problem(status, body));
    }

    /** The message of an error answer: problem+json's detail and error code, else the raw body. */
    static String problem(int status, byte[] body) {
        try {
            JsonNode problem = MAPPER.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                String code = problem.path("error_code").asText("");
                return problem.get("detail").asText() + (code.isEmpty() ? "" : " (" + code + ")");
            }
        } catch (IOException notJson) {
            // fall through to the raw body
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return "HTTP " + status + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
    }
}
