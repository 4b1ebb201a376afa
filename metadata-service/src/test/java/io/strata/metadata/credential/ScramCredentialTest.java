package io.strata.metadata.credential;

import com.google.protobuf.ByteString;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.scram.ScramKeys;
import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.DescribeScramCredentialsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ScramCredential;
import io.strata.api.v1.ScramMechanism;
import io.strata.api.v1.UpsertScramCredentialRequest;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ScramCredentialTest extends MetadataServiceTestBase {

    private static final byte[] SALT = "a-salt-of-some-bytes".getBytes(StandardCharsets.US_ASCII);

    private static UpsertScramCredentialRequest upsert(String user, ScramAlgorithm algorithm, String password, int iterations) {
        byte[] salted = algorithm.saltedPassword(password.getBytes(StandardCharsets.UTF_8), SALT, iterations);
        return UpsertScramCredentialRequest.newBuilder().setUser(user).setMechanism(algorithm.proto())
                .setIterations(iterations).setSalt(ByteString.copyFrom(SALT)).setSaltedPassword(ByteString.copyFrom(salted)).build();
    }

    private List<ScramCredential> describe(String user, boolean keys) {
        return metadata.describeScramCredentials(DescribeScramCredentialsRequest.newBuilder().addUsers(user)
                .setIncludeKeys(keys).build()).getCredentialsList();
    }

    @Test
    void keepsOnlyTheKeysDerivedFromTheSaltedPassword() {
        String user = "alice-" + UUID.randomUUID();
        ScramCredential answer = metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_256, "alice-secret", 8192))
                .getCredential();
        assertThat(answer.getIterations()).isEqualTo(8192);
        assertThat(answer.getStoredKey().isEmpty()).as("keys only on request").isTrue();

        ScramCredential stored = describe(user, true).get(0);
        ScramKeys expected = ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("alice-secret", SALT, 8192);
        assertThat(stored.getMechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_256);
        assertThat(stored.getSalt().toByteArray()).isEqualTo(SALT);
        assertThat(stored.getStoredKey().toByteArray()).isEqualTo(expected.storedKey());
        assertThat(stored.getServerKey().toByteArray()).isEqualTo(expected.serverKey());
        assertThat(describe(user, false).get(0).getStoredKey().isEmpty()).isTrue();
    }

    @Test
    void anUpsertReplacesAndADeleteRemovesOneMechanism() {
        String user = "bob-" + UUID.randomUUID();
        metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_256, "one", 4096));
        metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_256, "two", 5000));
        metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_512, "two", 4096));
        assertThat(describe(user, false)).extracting(ScramCredential::getMechanism, ScramCredential::getIterations)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ScramMechanism.SCRAM_SHA_256, 5000),
                        org.assertj.core.groups.Tuple.tuple(ScramMechanism.SCRAM_SHA_512, 4096));

        metadata.deleteScramCredential(DeleteScramCredentialRequest.newBuilder().setUser(user)
                .setMechanism(ScramMechanism.SCRAM_SHA_256).build());
        assertThat(describe(user, false)).extracting(ScramCredential::getMechanism).containsExactly(ScramMechanism.SCRAM_SHA_512);
        assertRefused(() -> metadata.deleteScramCredential(DeleteScramCredentialRequest.newBuilder().setUser(user)
                        .setMechanism(ScramMechanism.SCRAM_SHA_256).build()),
                ErrorCode.RESOURCE_NOT_FOUND, "user " + user + " has no SCRAM-SHA-256 credential");
    }

    @Test
    void refusesWhatItWillNotKeepNamingTheField() {
        String user = "carol-" + UUID.randomUUID();
        assertRefused(() -> metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_256, "pw", 4095)),
                ErrorCode.UNACCEPTABLE_CREDENTIAL, "iterations: 4095 is too few; at least 4096");
        assertRefused(() -> metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_256, "pw", 16385)),
                ErrorCode.UNACCEPTABLE_CREDENTIAL, "iterations: 16385 is too many; at most 16384");
        assertRefused(() -> metadata.upsertScramCredential(upsert("", ScramAlgorithm.SCRAM_SHA_256, "pw", 4096)),
                ErrorCode.UNACCEPTABLE_CREDENTIAL, "user: a name of 0 characters");
        assertRefused(() -> metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_256, "pw", 4096).toBuilder()
                        .setMechanism(ScramMechanism.SCRAM_MECHANISM_UNSPECIFIED).build()),
                ErrorCode.UNACCEPTABLE_CREDENTIAL, "mechanism");
        assertRefused(() -> metadata.upsertScramCredential(upsert(user, ScramAlgorithm.SCRAM_SHA_512, "pw", 4096).toBuilder()
                        .setSaltedPassword(ByteString.copyFrom(new byte[32])).build()),
                ErrorCode.UNACCEPTABLE_CREDENTIAL, "salted_password: 32 bytes; SCRAM-SHA-512 makes 64");
        assertThat(describe(user, false)).isEmpty();
    }

    @Test
    void theBootstrapUserHasBothMechanismsOfItsPassword() {
        // %test.strata.metadata.scram.bootstrap-* in application.properties
        List<ScramCredential> admin = describe("test-admin", true);
        assertThat(admin).extracting(ScramCredential::getMechanism)
                .containsExactly(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512);
        for (ScramCredential credential : admin) {
            ScramAlgorithm algorithm = ScramAlgorithm.of(credential.getMechanism()).orElseThrow();
            ScramKeys keys = algorithm.keysOfPassword("test-admin-secret", credential.getSalt().toByteArray(),
                    credential.getIterations());
            assertThat(credential.getStoredKey().toByteArray()).isEqualTo(keys.storedKey());
        }
    }
}
