package io.strata.gateway.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.grpc.MethodDescriptor;
import io.strata.api.acl.AclAuthorizer;
import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclNeed;
import io.strata.api.error.StrataException;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.InitProducerIdRequest;
import io.strata.api.v1.ProduceRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.strata.api.acl.AclOperation.CREATE;
import static io.strata.api.acl.AclOperation.DESCRIBE;
import static io.strata.api.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.strata.api.acl.AclOperation.IDEMPOTENT_WRITE;
import static io.strata.api.acl.AclOperation.READ;
import static io.strata.api.acl.AclOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

class GatewayAclNeedsTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static List<AclNeed> rest(String route, Map<String, String> path, String body) {
        return GatewayAclNeeds.rest(route, path, () -> read(body)).orElseThrow();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void restRowsFollowKafkasOperations() {
        Map<String, String> orders = Map.of("topic", "orders", "partition", "0");
        assertThat(rest("POST /topics/{topic}", orders, "{}")).containsExactly(AclNeed.topic(WRITE, "orders"));
        assertThat(rest("POST /topics/{topic}/partitions/{partition}", orders, "{}")).containsExactly(AclNeed.topic(WRITE, "orders"));
        assertThat(rest("GET /topics/{topic}/partitions/{partition}/records", orders, "{}")).containsExactly(AclNeed.topic(READ, "orders"));
        assertThat(rest("GET /topics/{topic}/partitions/{partition}/offsets", orders, "{}")).containsExactly(AclNeed.topic(DESCRIBE, "orders"));
        assertThat(rest("POST /admin/topics", Map.of(), "{\"name\":\"orders\",\"partitions\":3}")).containsExactly(AclNeed.topic(CREATE, "orders"));
        assertThat(rest("POST /admin/topics", Map.of(), "{\"topic_name\":\"bridge\"}")).containsExactly(AclNeed.topic(CREATE, "bridge"));
        assertThat(rest("GET /admin/cluster/configs", Map.of(), "{}")).containsExactly(AclNeed.cluster(DESCRIBE_CONFIGS));
        assertThat(rest("GET /topics", Map.of(), "{}")).as("filtered, not refused").isEmpty();
    }

    @Test
    void consumerRowsNeedTheGroupAndEveryTopicTheBodyNames() {
        Map<String, String> path = Map.of("group", "billing", "name", "c1");
        assertThat(rest("POST /consumers/{group}/instances/{name}/offsets", path,
                "{\"offsets\":[{\"topic\":\"orders\",\"partition\":0,\"offset\":5},{\"topic\":\"refunds\",\"partition\":1,\"offset\":2}]}"))
                .containsExactly(AclNeed.group(READ, "billing"), AclNeed.topic(READ, "orders"), AclNeed.topic(READ, "refunds"));
        assertThat(rest("POST /consumers/{group}/instances/{name}/subscription", path, "{\"topics\":[\"orders\"]}"))
                .containsExactly(AclNeed.group(READ, "billing"), AclNeed.topic(READ, "orders"));
        assertThat(rest("POST /consumers/{group}/instances/{name}/subscription", path, "{\"topic_pattern\":\"ord.*\"}"))
                .as("a pattern needs READ on every topic").containsExactly(AclNeed.group(READ, "billing"), AclNeed.topic(READ, "*"));
        assertThat(rest("GET /consumers/{group}/instances/{name}/records", path, "{}")).containsExactly(AclNeed.group(READ, "billing"));
    }

    @Test
    void aRouteOrMethodNotInTheTableIsUnclassified() {
        assertThat(GatewayAclNeeds.rest("PUT /nowhere", Map.of(), () -> read("{}"))).isEmpty();
        assertThat(GatewayAclNeeds.grpc("strata.v1.MetadataService/RegisterNode", ProduceRequest.getDefaultInstance())).isEmpty();
    }

    @Test
    void everyGrpcMethodTheGatewayServesIsInTheTable() {
        for (var descriptor : List.of(GatewayServiceGrpc.getServiceDescriptor(), GroupCoordinatorServiceGrpc.getServiceDescriptor())) {
            for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
                assertThat(GatewayAclNeeds.knows(method.getFullMethodName())).as(method.getFullMethodName()).isTrue();
            }
        }
    }

    @Test
    void grpcRowsReadTheRequest() {
        assertThat(GatewayAclNeeds.grpc("strata.v1.GatewayService/Produce", ProduceRequest.newBuilder().setTopic("orders").build()))
                .contains(List.of(AclNeed.topic(WRITE, "orders")));
        assertThat(GatewayAclNeeds.grpc("strata.v1.GatewayService/DescribeConfigs", DescribeConfigsRequest.getDefaultInstance()))
                .as("no topic: the cluster defaults").contains(List.of(AclNeed.cluster(DESCRIBE_CONFIGS)));
        assertThat(GatewayAclNeeds.grpc("strata.v1.GatewayService/InitProducerId", InitProducerIdRequest.getDefaultInstance()))
                .contains(List.of(AclNeed.cluster(IDEMPOTENT_WRITE)));
        assertThat(GatewayAclNeeds.grpc("strata.v1.GroupCoordinatorService/CommitOffsets", CommitOffsetsRequest.newBuilder()
                .setGroupId("billing").addOffsets(CommittedOffset.newBuilder().setTopic("orders")).build()))
                .contains(List.of(AclNeed.group(READ, "billing"), AclNeed.topic(READ, "orders")));
        assertThat(GatewayAclNeeds.grpc("strata.v1.GroupCoordinatorService/Heartbeat", GroupHeartbeatRequest.newBuilder()
                .setGroupId("billing").setSubscription(GroupSubscription.newBuilder().addTopicNames("orders")).build()))
                .contains(List.of(AclNeed.group(READ, "billing"), AclNeed.topic(READ, "orders")));
    }

    @Test
    void refusalsNamePrincipalOperationAndResource() {
        AclAuthorizer authorizer = new AclAuthorizer(List.of(
                binding("User:alice", "TOPIC", "orders-", "PREFIXED", "WRITE", "ALLOW"),
                binding("User:alice", "TOPIC", "orders-secret", "LITERAL", "WRITE", "DENY")), Set.of("User:admin"), false);
        assertThat(refusal(authorizer, "User:alice", AclNeed.topic(WRITE, "orders-eu"))).isEmpty();
        StrataException denied = refusal(authorizer, "User:alice", AclNeed.topic(WRITE, "orders-secret")).orElseThrow();
        assertThat(denied.code()).isEqualTo(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
        assertThat(denied.getMessage()).isEqualTo("User:alice is not allowed WRITE on TOPIC 'orders-secret' (POST /topics/{topic})");
        assertThat(refusal(authorizer, "User:bob", AclNeed.group(READ, "billing")).orElseThrow().code())
                .isEqualTo(ErrorCode.GROUP_AUTHORIZATION_FAILED);
        assertThat(refusal(authorizer, "User:admin", AclNeed.topic(WRITE, "orders-secret"))).as("super user").isEmpty();
        StrataException unclassified = GatewayAcls.refusal(authorizer, "User:alice", "*", "PUT /nowhere", Optional.empty()).orElseThrow();
        assertThat(unclassified.code()).isEqualTo(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
        assertThat(GatewayAcls.refusal(authorizer, "User:admin", "*", "PUT /nowhere", Optional.empty())).isEmpty();
    }

    @Test
    void kafkasAlternativesHold() {
        AclAuthorizer authorizer = new AclAuthorizer(List.of(
                binding("User:alice", "CLUSTER", "kafka-cluster", "LITERAL", "CREATE", "ALLOW"),
                binding("User:alice", "TOPIC", "orders-", "PREFIXED", "WRITE", "ALLOW")), Set.of(), false);
        assertThat(refusal(authorizer, "User:alice", AclNeed.topic(CREATE, "anything"))).as("CREATE on the cluster").isEmpty();
        assertThat(refusal(authorizer, "User:alice", AclNeed.cluster(IDEMPOTENT_WRITE))).as("WRITE on some topic").isEmpty();
        assertThat(refusal(authorizer, "User:bob", AclNeed.cluster(IDEMPOTENT_WRITE)).orElseThrow().code())
                .isEqualTo(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    }

    @Test
    void visibilityFiltersTopicsAndGroups() {
        AclAuthorizer authorizer = new AclAuthorizer(List.of(
                binding("User:alice", "TOPIC", "orders-", "PREFIXED", "READ", "ALLOW"),
                binding("User:alice", "GROUP", "billing", "LITERAL", "DESCRIBE", "ALLOW")), Set.of(), false);
        Visibility alice = GatewayAcls.visibility(authorizer, "User:alice", "*");
        assertThat(alice.topics().test("orders-eu")).as("READ implies DESCRIBE").isTrue();
        assertThat(alice.topics().test("payments")).isFalse();
        assertThat(alice.groups().test("billing")).isTrue();
        assertThat(alice.groups().test("audit")).isFalse();
    }

    private static Optional<StrataException> refusal(AclAuthorizer authorizer, String principal, AclNeed need) {
        return GatewayAcls.refusal(authorizer, principal, "10.0.0.1", "POST /topics/{topic}", Optional.of(List.of(need)));
    }

    private static AclBinding binding(String principal, String type, String name, String pattern, String operation, String permission) {
        return AclBinding.parse(principal, "*", type, name, pattern, operation, permission);
    }
}
