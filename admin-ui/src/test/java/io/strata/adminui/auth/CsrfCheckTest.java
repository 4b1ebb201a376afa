package io.strata.adminui.auth;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class CsrfCheckTest {

    private static final URI OWN = URI.create("http://127.0.0.1:8083/");

    @Test
    void onlyStateChangingMethodsAreChecked() {
        assertThat(CsrfCheck.changesState("GET")).isFalse();
        assertThat(CsrfCheck.changesState("head")).isFalse();
        assertThat(CsrfCheck.changesState("OPTIONS")).isFalse();
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "post"}) {
            assertThat(CsrfCheck.changesState(method)).as(method).isTrue();
        }
    }

    @Test
    void theTokenMustBeTheSessionsOwn() {
        assertThat(CsrfCheck.token("abc123", "abc123")).isEmpty();
        assertThat(CsrfCheck.token("abc123", null)).hasValueSatisfying(r -> assertThat(r).startsWith("no CSRF token"));
        assertThat(CsrfCheck.token("abc123", "")).hasValueSatisfying(r -> assertThat(r).startsWith("no CSRF token"));
        assertThat(CsrfCheck.token("abc123", "abc124")).hasValueSatisfying(r -> assertThat(r).startsWith("wrong CSRF token"));
        assertThat(CsrfCheck.token("abc123", "abc1234")).hasValueSatisfying(r -> assertThat(r).startsWith("wrong CSRF token"));
    }

    @Test
    void anOriginOrRefererOfAnotherSiteIsRefused() {
        assertThat(CsrfCheck.origin(null, null, OWN)).as("no header: a script, not a browser").isEmpty();
        assertThat(CsrfCheck.origin("http://127.0.0.1:8083", null, OWN)).isEmpty();
        assertThat(CsrfCheck.origin(null, "http://127.0.0.1:8083/topics/x", OWN)).isEmpty();
        assertThat(CsrfCheck.origin("http://evil.example", null, OWN))
                .hasValueSatisfying(r -> assertThat(r).contains("Origin 'http://evil.example'").contains("http://127.0.0.1:8083"));
        assertThat(CsrfCheck.origin("http://127.0.0.1:8084", null, OWN)).as("another port").isPresent();
        assertThat(CsrfCheck.origin("https://127.0.0.1:8083", null, OWN)).as("another scheme").isPresent();
        assertThat(CsrfCheck.origin("null", null, OWN)).as("an opaque origin (sandboxed frame)").isPresent();
        assertThat(CsrfCheck.origin(null, "http://evil.example/page", OWN)).hasValueSatisfying(r -> assertThat(r).contains("Referer"));
        assertThat(CsrfCheck.origin("https://Console.Example", null, URI.create("https://console.example:443/")))
                .as("default port and case").isEmpty();
    }
}
