package io.strata.api.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterCredentialTest {

    private static final String SECRET = "0123456789abcdef-cluster";
    private final ClusterCredential credential = new ClusterCredential(SECRET, 60_000);

    @Test
    void aSignedCredentialProvesItsCaller() {
        assertThat(credential.verify(credential.sign(Caller.node(3), 1_000), 1_500)).isEqualTo(Caller.node(3));
        assertThat(credential.verify(credential.sign(Caller.gateway(), 1_000), 1_500)).isEqualTo(Caller.gateway());
        assertThat(credential.verify(credential.sign(Caller.coordinator(), 1_000), 900)).isEqualTo(Caller.coordinator());
    }

    @Test
    void anotherSecretDoesNotVerify() {
        String forged = new ClusterCredential("another-secret-of-16", 60_000).sign(Caller.node(1), 1_000);
        assertThatThrownBy(() -> credential.verify(forged, 1_000)).isInstanceOf(ClusterCredential.Refused.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void anEditedRoleOrNodeDoesNotVerify() {
        String signed = credential.sign(Caller.node(1), 1_000);
        assertThatThrownBy(() -> credential.verify(signed.replace("v1.node.1.", "v1.node.2."), 1_000))
                .hasMessageContaining("does not verify");
        String gateway = credential.sign(Caller.gateway(), 1_000);
        assertThatThrownBy(() -> credential.verify(gateway.replace("v1.gateway.-1.", "v1.node.1."), 1_000))
                .hasMessageContaining("does not verify");
    }

    @Test
    void anOldOrFutureCredentialIsRefused() {
        String signed = credential.sign(Caller.node(1), 1_000);
        assertThatThrownBy(() -> credential.verify(signed, 61_001)).hasMessageContaining("at most 60000 ms");
        assertThatThrownBy(() -> credential.verify(signed, -59_001)).hasMessageContaining("at most 60000 ms");
        assertThat(credential.verify(signed, 61_000)).isEqualTo(Caller.node(1));
    }

    @Test
    void absentOrMalformedHeadersAreNamed() {
        assertThatThrownBy(() -> credential.verify(null, 0)).hasMessageContaining("no strata-cluster-auth header");
        assertThatThrownBy(() -> credential.verify("v1.node.1", 0)).hasMessageContaining("is not v1.<role>");
        assertThatThrownBy(() -> credential.verify("v1.node.1.5.!!!", 0)).hasMessageContaining("not base64url");
        assertThatThrownBy(() -> credential.verify("x".repeat(500), 0)).hasMessageContaining("more than 200");
    }

    @Test
    void aShortSecretIsRefusedWithItsLength() {
        assertThatThrownBy(() -> new ClusterCredential("short", 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 5 characters long; it must have at least 16");
    }

    @Test
    void theSecretNeverTravels() {
        assertThat(credential.sign(Caller.node(1), 1_000)).doesNotContain(SECRET);
    }
}
