package io.strata.api.acl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclBindingTest {

    @Test
    void parsesKafkaNamesInAnyCase() {
        AclBinding binding = AclBinding.parse("User:alice", "*", "topic", "orders-", "Prefixed", "read", "ALLOW");
        assertThat(binding.resourceType()).isEqualTo(AclResourceType.TOPIC);
        assertThat(binding.patternType()).isEqualTo(AclPatternType.PREFIXED);
        assertThat(binding.operation()).isEqualTo(AclOperation.READ);
    }

    @Test
    void refusesWhatKafkaRefusesNamingTheField() {
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "*", "TOPIC", "*", "PREFIXED", "READ", "ALLOW"))
                .hasMessageContaining("resource_name: a PREFIXED pattern cannot be '*'");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "*", "GROUP", "g", "LITERAL", "WRITE", "ALLOW"))
                .hasMessageContaining("operation: WRITE is not an operation on GROUP");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "*", "TOPIC", "t", "LITERAL", "SMELL", "ALLOW"))
                .hasMessageContaining("operation: 'SMELL' is not one of");
        assertThatThrownBy(() -> AclBinding.parse("alice", "*", "TOPIC", "t", "LITERAL", "READ", "ALLOW"))
                .hasMessageContaining("principal: 'alice' is not User:<name>");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "example.com", "TOPIC", "t", "LITERAL", "READ", "ALLOW"))
                .hasMessageContaining("host: 'example.com' is not * or an IP address");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "300.1.1.1", "TOPIC", "t", "LITERAL", "READ", "ALLOW"))
                .hasMessageContaining("host: '300.1.1.1' is not an IP address");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "*", "CLUSTER", "other", "LITERAL", "ALTER", "ALLOW"))
                .hasMessageContaining("a CLUSTER binding names LITERAL 'kafka-cluster'");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "*", "TOPIC", "", "LITERAL", "READ", "ALLOW"))
                .hasMessageContaining("resource_name");
        assertThatThrownBy(() -> AclBinding.parse("User:alice", "*", "TOPIC", "t", "MATCH", "READ", "ALLOW"))
                .hasMessageContaining("pattern_type: 'MATCH' is not one of [LITERAL, PREFIXED]");
    }

    @Test
    void acceptsIpv6Hosts() {
        assertThat(AclBinding.parse("User:a", "::1", "TOPIC", "t", "LITERAL", "READ", "DENY").host()).isEqualTo("::1");
    }

    @Test
    void filtersSelectAsKafkaDoes() {
        AclBinding literal = AclBinding.parse("User:a", "*", "TOPIC", "orders", "LITERAL", "READ", "ALLOW");
        AclBinding wildcard = AclBinding.parse("User:a", "*", "TOPIC", "*", "LITERAL", "READ", "ALLOW");
        AclBinding prefixed = AclBinding.parse("User:b", "*", "TOPIC", "ord", "PREFIXED", "WRITE", "DENY");
        AclBinding group = AclBinding.parse("User:a", "*", "GROUP", "orders", "LITERAL", "READ", "ALLOW");

        AclFilter match = AclFilter.parse(null, null, "TOPIC", "orders", "MATCH", "ANY", "ANY");
        assertThat(match.matches(literal)).isTrue();
        assertThat(match.matches(wildcard)).isTrue();
        assertThat(match.matches(prefixed)).isTrue();
        assertThat(match.matches(group)).isFalse();

        AclFilter any = AclFilter.parse(null, null, "ANY", "orders", "ANY", null, null);
        assertThat(any.matches(literal)).isTrue();
        assertThat(any.matches(group)).isTrue();
        assertThat(any.matches(wildcard)).isFalse();

        AclFilter exactPrefixed = AclFilter.parse("User:b", null, "TOPIC", "ord", "PREFIXED", "WRITE", "DENY");
        assertThat(exactPrefixed.matches(prefixed)).isTrue();
        assertThat(exactPrefixed.matches(literal)).isFalse();
        assertThat(AclFilter.ANY.matches(group)).isTrue();
        assertThat(AclFilter.parse(null, null, null, null, null, "ALL", null).matches(literal))
                .as("an operation ALL in a filter selects ALL bindings only").isFalse();
    }
}
