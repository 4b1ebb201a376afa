package io.strata.kafka.admin;

import io.strata.api.scram.ScramAlgorithm;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.testing.InMemoryCredentials;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.DescribeUserScramCredentialsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UserScramCredentialsTest {

    private final InMemoryCredentials store = new InMemoryCredentials();
    private final List<String> changed = new ArrayList<>();
    private final ClientSession session = new ClientSession("c", InetSocketAddress.createUnresolved("h", 1), false);
    private final byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);

    private KafkaRequest request(AbstractRequest body, ApiKeys key) {
        return new KafkaRequest(new RequestHeader(key, body.version(), "c", 1), body, session);
    }

    private List<AlterUserScramCredentialsResult> alter(AlterUserScramCredentialsRequestData data) throws Exception {
        AlterUserScramCredentialsRequest body = new AlterUserScramCredentialsRequest.Builder(data).build((short) 0);
        return ((AlterUserScramCredentialsResponseData) new AlterUserScramCredentialsHandler(store, changed::add)
                .handle(request(body, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS)).toCompletableFuture().get(5, TimeUnit.SECONDS)).results();
    }

    private List<DescribeUserScramCredentialsResult> describe(List<String> users) throws Exception {
        DescribeUserScramCredentialsRequestData data = new DescribeUserScramCredentialsRequestData().setUsers(users == null ? null
                : users.stream().map(u -> new DescribeUserScramCredentialsRequestData.UserName().setName(u)).toList());
        DescribeUserScramCredentialsRequest body = new DescribeUserScramCredentialsRequest.Builder(data).build((short) 0);
        return ((DescribeUserScramCredentialsResponseData) new DescribeUserScramCredentialsHandler(store)
                .handle(request(body, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS)).toCompletableFuture().get(5, TimeUnit.SECONDS)).results();
    }

    private ScramCredentialUpsertion upsertion(String user, ScramAlgorithm algorithm, String password) {
        return new ScramCredentialUpsertion().setName(user).setMechanism(algorithm.kafkaType()).setIterations(4096).setSalt(salt)
                .setSaltedPassword(algorithm.saltedPassword(password.getBytes(StandardCharsets.UTF_8), salt, 4096));
    }

    @Test
    void upsertsDerivesTheKeysAndDescribesWithoutThem() throws Exception {
        List<AlterUserScramCredentialsResult> results = alter(new AlterUserScramCredentialsRequestData().setUpsertions(List.of(
                upsertion("alice", ScramAlgorithm.SCRAM_SHA_256, "a"), upsertion("alice", ScramAlgorithm.SCRAM_SHA_512, "a"),
                upsertion("bob", ScramAlgorithm.SCRAM_SHA_256, "b"))));
        assertThat(results).extracting(AlterUserScramCredentialsResult::user, AlterUserScramCredentialsResult::errorCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Errors.NONE.code()),
                        org.assertj.core.groups.Tuple.tuple("bob", Errors.NONE.code()));
        assertThat(changed).containsExactly("alice", "bob");
        assertThat(store.byKey.get("alice/SCRAM_SHA_256").getStoredKey().toByteArray())
                .isEqualTo(ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("a", salt, 4096).storedKey());

        List<DescribeUserScramCredentialsResult> all = describe(null);
        assertThat(all).extracting(DescribeUserScramCredentialsResult::user).containsExactly("alice", "bob");
        assertThat(all.get(0).credentialInfos()).extracting(i -> i.mechanism()).containsExactly((byte) 1, (byte) 2);

        List<DescribeUserScramCredentialsResult> named = describe(List.of("bob", "carol", "dave", "dave"));
        assertThat(named).extracting(DescribeUserScramCredentialsResult::user, DescribeUserScramCredentialsResult::errorCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", Errors.NONE.code()),
                        org.assertj.core.groups.Tuple.tuple("carol", Errors.RESOURCE_NOT_FOUND.code()),
                        org.assertj.core.groups.Tuple.tuple("dave", Errors.DUPLICATE_RESOURCE.code()));
        assertThat(named.get(1).errorMessage()).isEqualTo("Attempt to describe a user credential that does not exist: carol");
    }

    @Test
    void answersPerUserAsKafkaDoes() throws Exception {
        store.put("alice", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("a", salt, 4096));
        Map<String, AlterUserScramCredentialsResult> results = new java.util.HashMap<>();
        alter(new AlterUserScramCredentialsRequestData()
                .setDeletions(List.of(new ScramCredentialDeletion().setName("alice").setMechanism((byte) 1),
                        new ScramCredentialDeletion().setName("nobody").setMechanism((byte) 1),
                        new ScramCredentialDeletion().setName("twice").setMechanism((byte) 2),
                        new ScramCredentialDeletion().setName("odd").setMechanism((byte) 9)))
                .setUpsertions(List.of(upsertion("twice", ScramAlgorithm.SCRAM_SHA_512, "t"), upsertion("", ScramAlgorithm.SCRAM_SHA_256, "e"))))
                .forEach(r -> results.put(r.user(), r));
        assertThat(results.get("alice").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(store.byKey).doesNotContainKey("alice/SCRAM_SHA_256");
        assertThat(results.get("nobody").errorCode()).isEqualTo(Errors.RESOURCE_NOT_FOUND.code());
        assertThat(results.get("twice").errorCode()).isEqualTo(Errors.DUPLICATE_RESOURCE.code());
        assertThat(results.get("twice").errorMessage()).isEqualTo("A user credential cannot be altered twice in the same request");
        assertThat(results.get("odd").errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        assertThat(results.get("").errorCode()).isEqualTo(Errors.UNACCEPTABLE_CREDENTIAL.code());
        assertThat(store.byKey).doesNotContainKey("twice/SCRAM_SHA_512");
    }
}
