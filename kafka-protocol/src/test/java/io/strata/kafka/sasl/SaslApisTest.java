package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;

import io.strata.api.scram.ScramAlgorithm;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.api.Reply;
import io.strata.kafka.testing.ControlledHandler;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import io.strata.kafka.testing.InMemoryCredentials;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The SASL APIs through the dispatcher, as a connection sees them: frames in, replies out. */
class SaslApisTest {

    private final InMemoryCredentials store = new InMemoryCredentials();
    private final SaslAuthenticator authenticator = new SaslAuthenticator(EnumSet.of(SaslMechanism.PLAIN, SaslMechanism.SCRAM_SHA_512),
            new CredentialCache(user -> store.describe(java.util.List.of(user), true), Duration.ofSeconds(10), 100, System::nanoTime), Runnable::run);
    private final KafkaApis apis = KafkaApis.of(List.of(new ControlledHandler()), SaslApis.handlers(authenticator));
    private final ClientSession session = new ClientSession("c", InetSocketAddress.createUnresolved("h", 1), true);

    SaslApisTest() {
        store.put("alice", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("alice-secret", "s".getBytes(StandardCharsets.UTF_8), 4096));
    }

    private Reply send(AbstractRequest request, ApiKeys key) throws Exception {
        ByteBuffer frame = request.serializeWithHeader(new RequestHeader(key, request.version(), "client", 7));
        return apis.handle(frame, session).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static ByteBuffer body(ByteBuffer frame, ApiKeys key, short version) {
        ByteBuffer response = frame.duplicate();
        response.getInt();
        ResponseHeader.parse(response, key.responseHeaderVersion(version));
        return response;
    }

    private SaslHandshakeResponseData handshake(String mechanism, Class<? extends Reply> expected) throws Exception {
        Reply reply = send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism(mechanism)).build((short) 1),
                ApiKeys.SASL_HANDSHAKE);
        assertThat(reply).isInstanceOf(expected);
        ByteBuffer frame = reply instanceof Reply.Send send ? send.frame() : ((Reply.SendThenClose) reply).frame();
        return new SaslHandshakeResponseData(new ByteBufferAccessor(body(frame, ApiKeys.SASL_HANDSHAKE, (short) 1)), (short) 1);
    }

    private SaslAuthenticateResponseData authenticate(String token, Class<? extends Reply> expected) throws Exception {
        Reply reply = send(new SaslAuthenticateRequest.Builder(new SaslAuthenticateRequestData()
                .setAuthBytes(token.getBytes(StandardCharsets.UTF_8))).build((short) 2), ApiKeys.SASL_AUTHENTICATE);
        assertThat(reply).isInstanceOf(expected);
        ByteBuffer frame = reply instanceof Reply.Send send ? send.frame() : ((Reply.SendThenClose) reply).frame();
        return new SaslAuthenticateResponseData(new ByteBufferAccessor(body(frame, ApiKeys.SASL_AUTHENTICATE, (short) 2)), (short) 2);
    }

    private Reply describeCluster() throws Exception {
        return send(new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1), ApiKeys.DESCRIBE_CLUSTER);
    }

    @Test
    void plainLogsInAndOnlyThenIsAnythingElseServed() throws Exception {
        assertThat(describeCluster()).isInstanceOf(Reply.Close.class);
        SaslHandshakeResponseData handshake = handshake("PLAIN", Reply.Send.class);
        assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(handshake.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-512");
        assertThat(describeCluster()).as("a handshake is not a login").isInstanceOf(Reply.Close.class);

        SaslAuthenticateResponseData ok = authenticate("\u0000alice\u0000alice-secret", Reply.Send.class);
        assertThat(ok.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ok.sessionLifetimeMs()).as("no re-authentication").isZero();
        assertThat(session.principal()).contains("User:alice");

        SaslAuthenticateResponseData again = authenticate("\u0000alice\u0000alice-secret", Reply.SendThenClose.class);
        assertThat(again.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
    }

    @Test
    void aWrongPasswordIsAnsweredThenTheConnectionCloses() throws Exception {
        handshake("PLAIN", Reply.Send.class);
        SaslAuthenticateResponseData refused = authenticate("\u0000alice\u0000not-her-secret", Reply.SendThenClose.class);
        assertThat(refused.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
        assertThat(refused.errorMessage()).isEqualTo("Authentication failed: Invalid username or password");
        assertThat(session.principal()).isEmpty();
    }

    @Test
    void aMechanismNotEnabledIsRefusedWithTheEnabledOnes() throws Exception {
        SaslHandshakeResponseData refused = handshake("SCRAM-SHA-256", Reply.SendThenClose.class);
        assertThat(refused.errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        assertThat(refused.mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-512");
    }

    @Test
    void aTokenWithoutAHandshakeIsAnIllegalState() throws Exception {
        SaslAuthenticateResponseData refused = authenticate("\u0000alice\u0000alice-secret", Reply.SendThenClose.class);
        assertThat(refused.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
        assertThat(refused.errorMessage()).contains("before SaslHandshake");
    }

    @Test
    void configuredMechanismNamesAreChecked() {
        assertThat(SaslMechanism.parse(List.of("plain", " SCRAM-SHA-256 ", ""))).containsExactlyInAnyOrder(SaslMechanism.PLAIN,
                SaslMechanism.SCRAM_SHA_256);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SaslMechanism.parse(List.of("GSSAPI")))
                .hasMessage("strata.node.kafka.sasl.enabled-mechanisms: 'GSSAPI' is not one of [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512]");
    }

    @Test
    void afterAVersion0HandshakeTheTokensComeAsBareFrames() throws Exception {
        Reply handshake = send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN")).build((short) 0),
                ApiKeys.SASL_HANDSHAKE);
        assertThat(handshake).isInstanceOf(Reply.Send.class);
        Reply answer = apis.handle(ByteBuffer.wrap("\u0000alice\u0000alice-secret".getBytes(StandardCharsets.UTF_8)), session)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        ByteBuffer frame = ((Reply.Send) answer).frame();
        assertThat(frame.getInt()).as("an empty bare answer").isZero();
        assertThat(session.principal()).contains("User:alice");
    }

    @Test
    void aFailedBareTokenClosesWithoutAnAnswer() throws Exception {
        send(new SaslHandshakeRequest.Builder(new SaslHandshakeRequestData().setMechanism("PLAIN")).build((short) 0),
                ApiKeys.SASL_HANDSHAKE);
        Reply answer = apis.handle(ByteBuffer.wrap("\u0000alice\u0000wrong".getBytes(StandardCharsets.UTF_8)), session)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(answer).isInstanceOf(Reply.Close.class);
        assertThat(session.principal()).isEmpty();
    }
}
