package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.admin.Admin;
import io.strata.client.consumer.Consumer;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A cluster whose gateway requires authentication ({@code strata.gateway.auth.enabled}) with the
 * users of the Kafka listener (a bootstrap user made by the metadata service): REST without, with
 * malformed, with wrong credentials and for an unknown user is answered 401 with
 * {@code WWW-Authenticate: Basic} and a problem naming what was wrong, and creates nothing; the
 * health endpoints stay open to probes; with the user's password REST works. Strata's Java client
 * with {@code security.username}/{@code security.password} creates, produces and consumes over
 * gRPC, and without them fails with AUTHENTICATION_FAILED; the admin console, given the
 * credentials, lists topics through the authenticating gateway. Bearer tokens are accepted beside
 * Basic ({@code strata.gateway.auth.bearer.*}, the issuer's keys in a JWKS file): a token of the
 * issuer for the audience reaches REST and gRPC; a malformed, expired, foreign-audience or
 * foreign-signed one is refused naming why.
 */
class GatewayAuthIT extends ClusterTest {

    private static final String USER = "admin";
    private static final String PASSWORD = "gateway-admin-secret";
    private static final String ISSUER = "https://idp.example/realms/strata";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void onlyAKnownUserWithItsPasswordReachesTheApis() throws Exception {
        RsaJsonWebKey issuerKey = RsaJwkGenerator.generateJwk(2048);
        issuerKey.setKeyId("strata-it");
        Path keys = Files.writeString(dataDir.resolve("issuer-jwks.json"), new JsonWebKeySet(issuerKey).toJson());
        cluster = new TestCluster(dataDir)
                .withProperty("gateway", "strata.gateway.auth.bearer.enabled", "true")
                .withProperty("gateway", "strata.gateway.auth.bearer.issuer", ISSUER)
                .withProperty("gateway", "strata.gateway.auth.bearer.audience", "strata")
                .withProperty("gateway", "strata.gateway.auth.bearer.keys-file", keys.toString())
                .withProperty("metadata-service", "strata.metadata.scram.bootstrap-user", USER)
                .withProperty("metadata-service", "strata.metadata.scram.bootstrap-password", PASSWORD)
                .withProperty("gateway", "strata.gateway.auth.enabled", "true")
                .withProperty("admin-ui", "strata.admin-ui.gateway-username", USER)
                .withProperty("admin-ui", "strata.admin-ui.gateway-password", PASSWORD);
        cluster.startCore().start("group-coordinator", "gateway", "admin-ui");
        String gateway = cluster.httpUrl("gateway");

        String topicBody = "{\"name\":\"auth-orders\",\"partitions\":1,\"replication_factor\":3}";
        assertRefused(post(gateway + "/admin/topics", topicBody, null),
                "no credentials: this gateway requires Authorization: Basic <base64 of user:password> or Bearer <token>");
        assertRefused(post(gateway + "/admin/topics", topicBody, "Bearer some-token"),
                "the bearer token is not valid: Invalid JOSE Compact Serialization. Expecting either 3 or 5 parts for JWS or JWE respectively but was 1.");
        assertRefused(post(gateway + "/admin/topics", topicBody, bearer(issuerKey, "carol", claims -> claims.setAudience("billing"))),
                "the bearer token is not for the audience strata");
        assertRefused(post(gateway + "/admin/topics", topicBody, bearer(RsaJwkGenerator.generateJwk(2048), "carol", claims -> { })),
                "the bearer token's signature does not verify with the issuer's key");
        assertRefused(post(gateway + "/admin/topics", topicBody, "Basic !!"), "malformed Basic credentials: not base64");
        assertRefused(post(gateway + "/admin/topics", topicBody, basic(USER, "wrong")),
                "authentication failed: invalid user name or password");
        assertRefused(post(gateway + "/admin/topics", topicBody, basic("nobody", PASSWORD)),
                "authentication failed: invalid user name or password");
        assertRefused(get(gateway + "/no/such/path", null), "no credentials: this gateway requires Authorization: Basic <base64 of user:password> or Bearer <token>");
        assertThat(get(gateway + "/q/health/ready", null).statusCode()).as("probes need no credentials").isEqualTo(200);
        assertThat(JSON.readTree(get(gateway + "/admin/topics", basic(USER, PASSWORD)).body()).toString())
                .as("nothing was created by the refused requests").doesNotContain("auth-orders");

        assertThat(post(gateway + "/admin/topics", topicBody, basic(USER, PASSWORD)).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(post(gateway + "/topics/auth-orders",
                "{\"records\":[{\"key\":\"k\",\"value\":{\"n\":1}}]}", basic(USER, PASSWORD), "application/vnd.kafka.json.v2+json")
                .statusCode()).isEqualTo(200));

        bearerTokenReachesRestAndGrpc(gateway, issuerKey);
        javaClientWithCredentialsProducesAndConsumes("127.0.0.1:" + cluster.port("gateway"));
        javaClientWithoutCredentialsIsRefused("127.0.0.1:" + cluster.port("gateway"));

        HttpResponse<String> console = get(cluster.httpUrl("admin-ui") + "/topics", null);
        assertThat(console.statusCode()).as(console.body()).isEqualTo(200);
        assertThat(console.body()).contains("auth-orders");
    }

    /** A token of the configured issuer, for the audience, lets its user in on REST and gRPC; an expired one does not. */
    private void bearerTokenReachesRestAndGrpc(String gateway, RsaJsonWebKey issuerKey) throws Exception {
        String token = bearer(issuerKey, "carol", claims -> { });
        HttpResponse<String> created = post(gateway + "/admin/topics", "{\"name\":\"bearer-orders\",\"partitions\":1,\"replication_factor\":3}", token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertRefused(get(gateway + "/admin/topics", bearer(issuerKey, "carol",
                claims -> claims.setExpirationTime(NumericDate.fromSeconds(1_700_000_000L)))), "the bearer token expired at 2023-11-14T22:13:20Z");

        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), token);
        GatewayServiceGrpc.GatewayServiceBlockingStub stub = GatewayServiceGrpc.newBlockingStub(cluster.channel("gateway"))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        DescribeTopicsResponse topics = stub.withDeadlineAfter(30, TimeUnit.SECONDS).describeTopics(DescribeTopicsRequest.getDefaultInstance());
        assertThat(topics.getTopicsList()).anySatisfy(topic -> assertThat(topic.getName()).isEqualTo("bearer-orders"));
        // A gateway that checks credentials names the leaders but offers no address to read them past it.
        FetchPartitionsRequest fetch = FetchPartitionsRequest.newBuilder().setMaxWaitMs(0).addPartitions(PartitionFetch.newBuilder()
                .setTopic("bearer-orders").setPartition(0).setOffset(0).setMaxBytes(1 << 20)).build();
        FetchPartitionsResponse answer = await().atMost(Duration.ofSeconds(60)).until(
                () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).fetchPartitions(fetch), a -> a.getLeaders(0) >= 0);
        assertThat(answer.getLeaderAddressesMap()).as("leader addresses offered by a gateway with authentication").isEmpty();
        StatusRuntimeException refused = catchThrowableOfType(() -> GatewayServiceGrpc.newBlockingStub(cluster.channel("gateway"))
                .withDeadlineAfter(30, TimeUnit.SECONDS).describeTopics(DescribeTopicsRequest.getDefaultInstance()), StatusRuntimeException.class);
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    private static String bearer(RsaJsonWebKey key, String user, java.util.function.Consumer<JwtClaims> change) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("strata");
        claims.setSubject(user);
        claims.setExpirationTimeMinutesInTheFuture(10);
        change.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue("strata-it");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return "Bearer " + jws.getCompactSerialization();
    }

    private void javaClientWithCredentialsProducesAndConsumes(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "security.username", USER, "security.password", PASSWORD);
        try (Admin admin = Admin.create(config)) {
            admin.createTopic("auth-client", 1, 3, Map.of());
        }
        try (Producer producer = Producer.create(config)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord("auth-client", null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
            }
        }
        Map<String, Object> consumerConfig = new HashMap<>(config);
        try (Consumer consumer = Consumer.create(consumerConfig)) {
            TopicPartition partition = new TopicPartition("auth-client", 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
                return values.size() >= 10;
            });
            assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
        }
    }

    private void javaClientWithoutCredentialsIsRefused(String bootstrap) {
        for (Map<String, Object> config : List.<Map<String, Object>>of(Map.of("bootstrap.servers", bootstrap),
                Map.of("bootstrap.servers", bootstrap, "security.username", USER, "security.password", "wrong"))) {
            try (Admin admin = Admin.create(config)) {
                StrataClientException refused = catchThrowableOfType(() -> admin.createTopic("auth-refused", 1, 3, Map.of()),
                        StrataClientException.class);
                assertThat(refused).as(config.toString()).isNotNull();
                assertThat(refused.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                assertThat(refused.getMessage()).contains(config.containsKey("security.username")
                        ? "authentication failed: invalid user name or password"
                        : "no credentials: this gateway requires Authorization: Basic <base64 of user:password> or Bearer <token>");
            }
        }
        // Fetch has its own serving path in the gateway: it must refuse too, and hand out no record.
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicPartition partition = new TopicPartition("auth-client", 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, 0);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                StrataClientException refused = catchThrowableOfType(() -> assertThat(consumer.poll(Duration.ofMillis(500)))
                        .as("no record for a consumer without credentials").isEmpty(), StrataClientException.class);
                assertThat(refused).isNotNull();
                assertThat(refused.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            });
        }
    }

    private static void assertRefused(HttpResponse<String> response, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"strata\", charset=\"UTF-8\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("error_code").asText()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
    }

    private static String basic(String user, String password) {
        return RestCalls.basic(user, password);
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        return post(url, body, authorization, "application/json");
    }

    private HttpResponse<String> post(String url, String body, String authorization, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
