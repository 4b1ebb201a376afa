package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.ProduceRecord;
import io.strata.api.v1.ProduceRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A cluster whose gateway authenticates its clients and enforces ACLs
 * ({@code strata.gateway.acl.enabled}, super user {@code User:admin}), beside nodes enforcing the
 * same ACLs on the Kafka listener. A user without ACLs is refused produce over REST (403, the exact
 * problem) and gRPC (PERMISSION_DENIED, the exact message) and nothing is written; a PREFIXED
 * ALLOW made over REST lets it produce, and the Kafka listener lists that binding (one store); a
 * DENY made over the Kafka listener then wins on the gateway; a REST consumer needs READ on its
 * group; the topic list shows only the topics the user may DESCRIBE.
 */
class GatewayAclIT extends ClusterTest {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-" + UUID.randomUUID();
    private static final String JSON_RECORDS = "application/vnd.kafka.json.v2+json";
    private static final String ONE_RECORD = "{\"records\":[{\"key\":\"k\",\"value\":{\"n\":1}}]}";

    @Test
    void theGatewayDecidesAsTheKafkaListenerWithTheSameAcls() throws Exception {
        cluster = new TestCluster(dataDir).withSaslAndNodeAcls(ADMIN, ADMIN_PASSWORD)
                .withProperty("gateway", "strata.gateway.auth.enabled", "true")
                .withProperty("gateway", "strata.gateway.acl.enabled", "true")
                .withProperty("gateway", "strata.gateway.acl.super-users", "User:" + ADMIN)
                .withProperty("gateway", "strata.gateway.acl.cache-ttl", "1s");
        cluster.startCore().start("group-coordinator", "gateway");
        RestCalls rest = new RestCalls(cluster.httpUrl("gateway"));
        RestCalls admin = rest.as(ADMIN, ADMIN_PASSWORD);
        RestCalls alice = rest.as(ALICE, ALICE_PASSWORD);
        try (Admin kafka = Admin.create(KafkaTestClients.scram(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrap()),
                "SCRAM-SHA-512", ADMIN, ADMIN_PASSWORD))) {
            kafka.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(ALICE, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), ALICE_PASSWORD),
                    new UserScramCredentialUpsertion(ALICE, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), ALICE_PASSWORD)))
                    .all().get(30, TimeUnit.SECONDS);
            admin.post("/admin/topics", "{\"name\":\"gwacl-orders\",\"partitions\":1,\"replication_factor\":3}").ok();
            admin.post("/admin/topics", "{\"name\":\"hidden\",\"partitions\":1,\"replication_factor\":3}").ok();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(admin.post("/topics/gwacl-orders", JSON_RECORDS, ONE_RECORD).status()).isEqualTo(200));

            aUserWithoutAclsWritesNothing(alice, admin);
            assertThat(alice.post("/admin/acls", "{\"principal\":\"User:alice\",\"resource_type\":\"TOPIC\",\"resource_name\":\"*\","
                    + "\"operation\":\"ALL\"}").body().get("error_code").asText()).as("only ALTER on the cluster manages ACLs")
                    .isEqualTo("CLUSTER_AUTHORIZATION_FAILED");

            assertThat(admin.post("/admin/acls", "[{\"principal\":\"User:alice\",\"resource_type\":\"TOPIC\",\"resource_name\":\"gwacl-\","
                    + "\"pattern_type\":\"PREFIXED\",\"operation\":\"WRITE\"},{\"principal\":\"User:alice\",\"resource_type\":\"TOPIC\","
                    + "\"resource_name\":\"gwacl-\",\"pattern_type\":\"PREFIXED\",\"operation\":\"READ\"}]").ok().get("created").asInt())
                    .isEqualTo(2);
            assertThat(alice.post("/topics/gwacl-orders", JSON_RECORDS, ONE_RECORD).status()).as("the ALLOW is in force at once").isEqualTo(200);
            grpcProduce(ALICE, ALICE_PASSWORD, "gwacl-orders");
            assertThat(endOffset(admin, "gwacl-orders")).isEqualTo(3);
            assertThat(kafka.describeAcls(new AclBindingFilter(new ResourcePattern(ResourceType.TOPIC, "gwacl-", PatternType.PREFIXED).toFilter(),
                    AccessControlEntryFilter.ANY)).values().get(30, TimeUnit.SECONDS))
                    .as("made over REST, listed by the Kafka listener").hasSize(2);

            assertThat(names(alice.get("/topics").ok())).as("only what alice may DESCRIBE").containsExactly("gwacl-orders");
            assertThat(names(admin.get("/topics").ok())).contains("gwacl-orders", "hidden");

            aRestConsumerNeedsReadOnItsGroup(alice, admin);

            kafka.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "gwacl-orders", PatternType.LITERAL),
                    new AccessControlEntry("User:" + ALICE, "*", AclOperation.WRITE, AclPermissionType.DENY)))).all().get(30, TimeUnit.SECONDS);
            // Until the gateway re-reads the ACLs (within its TTL) the ALLOW still holds: those produces are written.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alice.post("/topics/gwacl-orders", JSON_RECORDS, ONE_RECORD)
                    .status()).as("a DENY made over the Kafka listener wins on the gateway").isEqualTo(403));
            long denied = endOffset(admin, "gwacl-orders");
            assertThat(alice.post("/topics/gwacl-orders", JSON_RECORDS, ONE_RECORD).status()).isEqualTo(403);
            assertThat(endOffset(admin, "gwacl-orders")).as("nothing written once denied").isEqualTo(denied);
        }
    }

    private void aUserWithoutAclsWritesNothing(RestCalls alice, RestCalls admin) {
        RestCalls.Answer refused = alice.post("/topics/gwacl-orders", JSON_RECORDS, ONE_RECORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).isEqualTo("{\"type\":\"urn:strata:error:TOPIC_AUTHORIZATION_FAILED\",\"title\":\"Topic authorization failed\","
                + "\"status\":403,\"detail\":\"User:alice is not allowed WRITE on TOPIC 'gwacl-orders' (POST /topics/{topic})\","
                + "\"error_code\":\"TOPIC_AUTHORIZATION_FAILED\"}");
        StatusRuntimeException grpcRefused = catchThrowableOfType(() -> grpcProduce(ALICE, ALICE_PASSWORD, "gwacl-orders"),
                StatusRuntimeException.class);
        assertThat(grpcRefused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(grpcRefused.getStatus().getDescription())
                .isEqualTo("User:alice is not allowed WRITE on TOPIC 'gwacl-orders' (strata.v1.GatewayService/Produce)");
        assertThat(endOffset(admin, "gwacl-orders")).as("nothing written").isEqualTo(1);
        assertThat(names(alice.get("/topics").ok())).as("no topic alice may DESCRIBE").isEmpty();
    }

    private void aRestConsumerNeedsReadOnItsGroup(RestCalls alice, RestCalls admin) {
        String create = "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}";
        RestCalls.Answer refused = alice.post("/consumers/gwacl-billing", create);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asText())
                .isEqualTo("User:alice is not allowed READ on GROUP 'gwacl-billing' (POST /consumers/{group})");
        admin.post("/admin/acls", "{\"principal\":\"User:alice\",\"resource_type\":\"GROUP\",\"resource_name\":\"gwacl-billing\","
                + "\"operation\":\"READ\"}").ok();
        alice.post("/consumers/gwacl-billing", create).ok();
        assertThat(alice.post("/consumers/gwacl-billing/instances/c1/subscription", "{\"topics\":[\"hidden\"]}").status())
                .as("no READ on the topic").isEqualTo(403);
        alice.post("/consumers/gwacl-billing/instances/c1/subscription", "{\"topics\":[\"gwacl-orders\"]}").ok();
        List<JsonNode> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            alice.get("/consumers/gwacl-billing/instances/c1/records?timeout=500", JSON_RECORDS).ok().forEach(read::add);
            return read.size() >= 3;
        });
        assertThat(read).hasSize(3);
        alice.delete("/consumers/gwacl-billing/instances/c1").ok();
    }

    private void grpcProduce(String user, String password, String topic) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), RestCalls.basic(user, password));
        GatewayServiceGrpc.newBlockingStub(cluster.channel("gateway"))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .produce(ProduceRequest.newBuilder().setTopic(topic)
                        .addRecords(ProduceRecord.newBuilder().setValue(ByteString.copyFromUtf8("\"over gRPC\""))).build());
    }

    private static long endOffset(RestCalls admin, String topic) {
        return admin.get("/topics/" + topic + "/partitions/0/offsets").ok().get("end_offset").asLong();
    }

    private static List<String> names(JsonNode topics) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.asText()));
        return names;
    }
}
