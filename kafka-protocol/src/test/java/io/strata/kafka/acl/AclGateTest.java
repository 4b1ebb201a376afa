package io.strata.kafka.acl;

import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclBinding;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.testing.FakeControlPlane;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class AclGateTest {

    private final List<AclBinding> bindings = new ArrayList<>();
    private final FakeControlPlane cluster = new FakeControlPlane(1);
    private final AclCache cache = new AclCache(() -> CompletableFuture.completedFuture(List.copyOf(bindings)),
            Set.of("User:admin"), false, Duration.ofHours(1), System::nanoTime);
    private final AclGate gate = new AclGate(cache, cluster);
    private final List<ApiKeys> handled = new ArrayList<>();

    private static AclBinding acl(String principal, String type, String name, String pattern, String op, String permission) {
        return AclBinding.parse(principal, "*", type, name, pattern, op, permission);
    }

    private KafkaApiHandler handler(ApiKeys key, Function<KafkaRequest, ApiMessage> answer) {
        return new KafkaApiHandler() {
            public ApiKeys apiKey() {
                return key;
            }

            public short minVersion() {
                return key.oldestVersion();
            }

            public short maxVersion() {
                return key.latestVersion();
            }

            public CompletionStage<ApiMessage> handle(KafkaRequest request) {
                handled.add(key);
                return CompletableFuture.completedFuture(answer.apply(request));
            }
        };
    }

    private static KafkaRequest request(String principal, AbstractRequest body) {
        ClientSession session = new ClientSession("c", new InetSocketAddress("10.0.0.1", 1234), true);
        session.authenticate(principal);
        return new KafkaRequest(new RequestHeader(body.apiKey(), body.version(), "test", 1), body, session);
    }

    /** Runs the request through the gate with the bindings as they are now (as a node does once its cache re-read them). */
    private ApiMessage pass(String principal, AbstractRequest body, KafkaApiHandler handler) throws Exception {
        cache.refresh().toCompletableFuture().join();
        return gate.handle(request(principal, body), handler).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Throwable refusal(String principal, AbstractRequest body, KafkaApiHandler handler) {
        Throwable failure = catchThrowable(() -> pass(principal, body, handler));
        return failure instanceof ExecutionException ? failure.getCause() : failure;
    }

    private static ProduceRequest produce(String... topics) {
        ProduceRequestData.TopicProduceDataCollection data = new ProduceRequestData.TopicProduceDataCollection();
        for (String topic : topics) {
            data.add(new ProduceRequestData.TopicProduceData().setName(topic)
                    .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0))));
        }
        return new ProduceRequest.Builder((short) 3, (short) 12, new ProduceRequestData().setAcks((short) -1)
                .setTimeoutMs(1000).setTopicData(data)).build((short) 12);
    }

    @Test
    void aProduceWithoutWriteNeverReachesItsHandlerAndNamesTheTopic() {
        KafkaApiHandler handler = handler(ApiKeys.PRODUCE, r -> new ProduceResponseData());
        Throwable refused = refusal("User:alice", produce("orders", "payments"), handler);
        assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
        assertThat(((TopicAuthorizationException) refused).unauthorizedTopics()).containsExactly("orders", "payments");
        assertThat(handled).isEmpty();
    }

    @Test
    void aPrefixedAllowLetsTheProduceThroughAndADenyBeatsIt() throws Exception {
        bindings.add(acl("User:alice", "TOPIC", "ord", "PREFIXED", "WRITE", "ALLOW"));
        KafkaApiHandler handler = handler(ApiKeys.PRODUCE, r -> new ProduceResponseData());
        pass("User:alice", produce("orders"), handler);
        assertThat(handled).containsExactly(ApiKeys.PRODUCE);

        bindings.add(acl("User:*", "TOPIC", "orders", "LITERAL", "WRITE", "DENY"));
        assertThat(refusal("User:alice", produce("orders"), handler)).isInstanceOf(TopicAuthorizationException.class);
        assertThat(refusal("User:alice", produce("orders-eu", "orders"), handler)).as("all or nothing")
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(handled).hasSize(1);
        pass("User:admin", produce("orders"), handler);
        assertThat(handled).as("a super user passes a DENY").hasSize(2);
    }

    @Test
    void metadataAnswersAuthorizationFailedForNamedTopicsAndHidesThemFromAllTopics() throws Exception {
        cluster.topic("orders", 1);
        cluster.topic("secret", 1);
        bindings.add(acl("User:alice", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"));
        KafkaApiHandler handler = handler(ApiKeys.METADATA, r -> {
            MetadataRequestData data = r.data();
            MetadataResponseData response = new MetadataResponseData();
            List<String> names = data.topics() == null ? List.of("orders", "secret")
                    : data.topics().stream().map(MetadataRequestData.MetadataRequestTopic::name).toList();
            names.forEach(n -> response.topics().add(new MetadataResponseData.MetadataResponseTopic().setName(n)));
            return response;
        });
        MetadataResponseData named = (MetadataResponseData) pass("User:alice",
                new MetadataRequest.Builder(List.of("orders", "secret"), false).build((short) 12), handler);
        assertThat(named.topics()).extracting(MetadataResponseData.MetadataResponseTopic::name,
                        t -> Errors.forCode(t.errorCode()))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("orders", Errors.NONE),
                        org.assertj.core.groups.Tuple.tuple("secret", Errors.TOPIC_AUTHORIZATION_FAILED));
        MetadataResponseData all = (MetadataResponseData) pass("User:alice", MetadataRequest.Builder.allTopics().build((short) 12),
                handler);
        assertThat(all.topics()).extracting(MetadataResponseData.MetadataResponseTopic::name).containsExactly("orders");
    }

    @Test
    void metadataDoesNotAutoCreateATopicWithoutCreate() throws Exception {
        cluster.autoCreate(true);
        bindings.add(acl("User:alice", "TOPIC", "new-", "PREFIXED", "DESCRIBE", "ALLOW"));
        List<List<String>> seen = new ArrayList<>();
        KafkaApiHandler handler = handler(ApiKeys.METADATA, r -> {
            seen.add(((MetadataRequestData) r.data()).topics().stream().map(MetadataRequestData.MetadataRequestTopic::name).toList());
            return new MetadataResponseData();
        });
        MetadataResponseData answer = (MetadataResponseData) pass("User:alice",
                new MetadataRequest.Builder(List.of("new-one"), true).build((short) 12), handler);
        assertThat(seen).containsExactly(List.of());
        assertThat(answer.topics().find("new-one").errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code());

        bindings.add(acl("User:alice", "TOPIC", "new-", "PREFIXED", "CREATE", "ALLOW"));
        pass("User:alice", new MetadataRequest.Builder(List.of("new-one"), true).build((short) 12), handler);
        assertThat(seen.get(1)).containsExactly("new-one");
    }

    @Test
    void groupApisNeedReadOnTheGroup() throws Exception {
        KafkaApiHandler handler = handler(ApiKeys.JOIN_GROUP, r -> new JoinGroupResponseData());
        JoinGroupRequest join = new JoinGroupRequest.Builder(new JoinGroupRequestData().setGroupId("billing")
                .setProtocolType("consumer").setSessionTimeoutMs(10_000)
                .setProtocols(new JoinGroupRequestData.JoinGroupRequestProtocolCollection())).build((short) 9);
        Throwable refused = refusal("User:alice", join, handler);
        assertThat(refused).isInstanceOf(GroupAuthorizationException.class);
        assertThat(((GroupAuthorizationException) refused).groupId()).isEqualTo("billing");
        bindings.add(acl("User:alice", "GROUP", "billing", "LITERAL", "READ", "ALLOW"));
        pass("User:alice", join, handler);
        assertThat(handled).containsExactly(ApiKeys.JOIN_GROUP);
    }

    @Test
    void managingAclsNeedsAlterOnTheCluster() throws Exception {
        KafkaApiHandler handler = handler(ApiKeys.CREATE_ACLS, r -> new CreateAclsResponseData());
        CreateAclsRequest create = new CreateAclsRequest.Builder(new CreateAclsRequestData()).build((short) 3);
        assertThat(refusal("User:alice", create, handler)).isInstanceOf(ClusterAuthorizationException.class)
                .hasMessageContaining("CREATE_ACLS needs ALTER on the cluster");
        bindings.add(acl("User:alice", "CLUSTER", "kafka-cluster", "LITERAL", "ALTER", "ALLOW"));
        pass("User:alice", create, handler);
        assertThat(handled).containsExactly(ApiKeys.CREATE_ACLS);
    }

    @Test
    void anIdempotentProducerNeedsIdempotentWriteOrWriteOnSomeTopic() throws Exception {
        KafkaApiHandler handler = handler(ApiKeys.INIT_PRODUCER_ID, r -> new InitProducerIdResponseData());
        InitProducerIdRequest init = new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000)).build((short) 4);
        assertThat(refusal("User:alice", init, handler)).isInstanceOf(ClusterAuthorizationException.class);
        bindings.add(acl("User:alice", "TOPIC", "logs-", "PREFIXED", "WRITE", "ALLOW"));
        pass("User:alice", init, handler);
        assertThat(handled).containsExactly(ApiKeys.INIT_PRODUCER_ID);
    }

    @Test
    void anApiTheTableDoesNotClassifyIsRefusedToAllButSuperUsers() throws Exception {
        KafkaApiHandler handler = handler(ApiKeys.DESCRIBE_DELEGATION_TOKEN,
                r -> new org.apache.kafka.common.message.DescribeDelegationTokenResponseData());
        AbstractRequest describe = new org.apache.kafka.common.requests.DescribeDelegationTokenRequest.Builder(null).build();
        bindings.add(acl("User:*", "TOPIC", "*", "LITERAL", "ALL", "ALLOW"));
        assertThat(refusal("User:alice", describe, handler)).isInstanceOf(ClusterAuthorizationException.class)
                .hasMessageContaining("not classified");
        pass("User:admin", describe, handler);
    }

    @Test
    void electingLeadersNeedsAlterOnTheCluster() throws Exception {
        KafkaApiHandler handler = handler(ApiKeys.ELECT_LEADERS, r -> new org.apache.kafka.common.message.ElectLeadersResponseData());
        AbstractRequest elect = new org.apache.kafka.common.requests.ElectLeadersRequest.Builder(
                org.apache.kafka.common.ElectionType.PREFERRED, null, 1000).build();
        assertThat(refusal("User:alice", elect, handler)).isInstanceOf(ClusterAuthorizationException.class)
                .hasMessageContaining("ELECT_LEADERS needs ALTER on the cluster");
        bindings.add(acl("User:alice", "CLUSTER", "kafka-cluster", "LITERAL", "ALTER", "ALLOW"));
        pass("User:alice", elect, handler);
        assertThat(handled).containsExactly(ApiKeys.ELECT_LEADERS);
    }
}
