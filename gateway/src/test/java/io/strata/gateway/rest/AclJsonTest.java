package io.strata.gateway.rest;

import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AclJsonTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBindingTakesKafkasDefaultsForHostPatternAndPermission() {
        List<AclBinding> bindings = AclJson.bindings(json(
                "{\"principal\":\"User:alice\",\"resource_type\":\"TOPIC\",\"resource_name\":\"orders\",\"operation\":\"WRITE\"}"));
        assertThat(bindings).containsExactly(AclBinding.parse("User:alice", "*", "TOPIC", "orders", "LITERAL", "WRITE", "ALLOW"));
    }

    @Test
    void anArrayGivesManyBindings() {
        assertThat(AclJson.bindings(json("[{\"principal\":\"User:alice\",\"resource_type\":\"GROUP\",\"resource_name\":\"billing\","
                + "\"operation\":\"READ\"},{\"principal\":\"User:bob\",\"host\":\"10.0.0.1\",\"resource_type\":\"TOPIC\","
                + "\"resource_name\":\"orders-\",\"pattern_type\":\"PREFIXED\",\"operation\":\"READ\",\"permission\":\"DENY\"}]")))
                .hasSize(2);
    }

    @Test
    void badBindingsAreRefusedNamingTheField() {
        assertThat(refusal("{\"principal\":\"User:alice\",\"resource_type\":\"TOPIC\",\"resource_name\":\"orders\"}"))
                .isEqualTo("\"operation\" is required in an ACL binding");
        assertThat(refusal("{\"principal\":\"User:alice\",\"resource_type\":\"GROUP\",\"resource_name\":\"g\",\"operation\":\"WRITE\"}"))
                .contains("WRITE is not an operation on GROUP");
        assertThat(refusal("{\"principal\":\"User:alice\",\"resource_type\":\"TOPIC\",\"resource_name\":\"t\",\"operation\":\"READ\","
                + "\"colour\":\"red\"}")).startsWith("unknown field \"colour\"");
        assertThat(refusal("[]")).startsWith("no ACL binding given");
    }

    @Test
    void queryParametersMakeKafkasFilter() {
        AclFilter filter = AclJson.filter("User:alice", null, "TOPIC", "orders", "MATCH", null, null);
        assertThat(filter.matches(AclBinding.parse("User:alice", "*", "TOPIC", "ord", "PREFIXED", "READ", "ALLOW"))).isTrue();
        assertThat(filter.matches(AclBinding.parse("User:bob", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW"))).isFalse();
        StrataException bad = catchThrowableOfType(() -> AclJson.filter(null, null, "TABLE", null, null, null, null), StrataException.class);
        assertThat(bad.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(bad.getMessage()).contains("TABLE");
    }

    private static String refusal(String body) {
        StrataException refused = catchThrowableOfType(() -> AclJson.bindings(json(body)), StrataException.class);
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        return refused.getMessage();
    }
}
