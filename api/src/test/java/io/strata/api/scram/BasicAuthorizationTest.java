package io.strata.api.scram;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BasicAuthorizationTest {

    @Test
    void readsUserAndPasswordAndKeepsColonsInThePassword() {
        BasicAuthorization parsed = BasicAuthorization.parse("Basic " + base64("alice:pa:ss wörd"));
        assertThat(parsed.user()).isEqualTo("alice");
        assertThat(parsed.password()).isEqualTo("pa:ss wörd");
        assertThat(parsed.toString()).doesNotContain("pa:ss");
        assertThat(BasicAuthorization.parse("basic  " + base64("bob:x")).user()).as("scheme is case-insensitive").isEqualTo("bob");
    }

    @Test
    void writesTheHeaderItReads() {
        BasicAuthorization credentials = new BasicAuthorization("alice", "pa:ss wörd");
        assertThat(credentials.header()).isEqualTo("Basic " + base64("alice:pa:ss wörd"));
        assertThat(BasicAuthorization.parse(credentials.header())).isEqualTo(credentials);
    }

    @Test
    void refusesAUserNameItCouldNotWrite() {
        assertThatThrownBy(() -> new BasicAuthorization("al:ice", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a user name must be non-empty and hold no ':', got 'al:ice'");
        assertThatThrownBy(() -> new BasicAuthorization("alice", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the password of alice is empty");
    }

    @Test
    void namesWhatIsWrongWithoutEchoingTheValue() {
        assertRefused(null, "no credentials: this gateway requires Authorization: Basic <base64 of user:password>");
        assertRefused("  ", "no credentials: this gateway requires Authorization: Basic <base64 of user:password>");
        assertRefused("Bearer abc.def", "unsupported authorization scheme 'Bearer': this gateway accepts Basic only");
        assertRefused("Basic", "malformed Basic credentials: not base64");
        assertRefused("Basic %%%secret", "malformed Basic credentials: not base64");
        assertRefused("Basic " + base64("alice"), "malformed Basic credentials: no ':' between user and password");
        assertRefused("Basic " + base64(":secret"), "malformed Basic credentials: no user name");
        assertRefused("Basic " + base64("alice:"), "malformed Basic credentials: no password");
    }

    private static void assertRefused(String header, String message) {
        StrataException refused = catchThrowableOfType(() -> BasicAuthorization.parse(header), StrataException.class);
        assertThat(refused).as(header).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(refused).hasMessage(message);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
