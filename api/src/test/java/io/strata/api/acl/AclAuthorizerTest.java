package io.strata.api.acl;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.strata.api.acl.AclOperation.ALL;
import static io.strata.api.acl.AclOperation.ALTER;
import static io.strata.api.acl.AclOperation.ALTER_CONFIGS;
import static io.strata.api.acl.AclOperation.CREATE;
import static io.strata.api.acl.AclOperation.DELETE;
import static io.strata.api.acl.AclOperation.DESCRIBE;
import static io.strata.api.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.strata.api.acl.AclOperation.IDEMPOTENT_WRITE;
import static io.strata.api.acl.AclOperation.READ;
import static io.strata.api.acl.AclOperation.WRITE;
import static io.strata.api.acl.AclResourceType.CLUSTER;
import static io.strata.api.acl.AclResourceType.GROUP;
import static io.strata.api.acl.AclResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

class AclAuthorizerTest {

    private static final String ALICE = "User:alice";
    private static final String BOB = "User:bob";
    private static final String HOST = "10.0.0.1";

    private static AclBinding allow(String principal, AclResourceType type, String name, AclPatternType pattern, AclOperation op) {
        return new AclBinding(principal, "*", type, name, pattern, op, AclPermission.ALLOW);
    }

    private static AclBinding deny(String principal, AclResourceType type, String name, AclPatternType pattern, AclOperation op) {
        return new AclBinding(principal, "*", type, name, pattern, op, AclPermission.DENY);
    }

    private static AclAuthorizer of(AclBinding... bindings) {
        return new AclAuthorizer(List.of(bindings), Set.of("User:admin"), false);
    }

    @Test
    void withoutAnyBindingOnlySuperUsersMayActUnlessEveryoneIsAllowed() {
        AclAuthorizer closed = of();
        assertThat(closed.authorize(ALICE, HOST, READ, TOPIC, "orders")).isFalse();
        assertThat(closed.authorize("User:admin", HOST, ALTER, CLUSTER, "kafka-cluster")).isTrue();
        AclAuthorizer open = new AclAuthorizer(List.of(), Set.of(), true);
        assertThat(open.authorize(ALICE, HOST, WRITE, TOPIC, "orders")).isTrue();
    }

    @Test
    void allowEveryoneIfNoAclFoundAppliesOnlyToResourcesWithoutAnyBinding() {
        AclAuthorizer open = new AclAuthorizer(List.of(allow(BOB, TOPIC, "orders", AclPatternType.LITERAL, READ)), Set.of(), true);
        assertThat(open.authorize(ALICE, HOST, READ, TOPIC, "orders")).as("orders has a binding, not for alice").isFalse();
        assertThat(open.authorize(ALICE, HOST, READ, TOPIC, "payments")).as("payments has none").isTrue();
    }

    @Test
    void aLiteralBindingCoversItsNameOnly() {
        AclAuthorizer acls = of(allow(ALICE, TOPIC, "orders", AclPatternType.LITERAL, WRITE));
        assertThat(acls.authorize(ALICE, HOST, WRITE, TOPIC, "orders")).isTrue();
        assertThat(acls.authorize(ALICE, HOST, WRITE, TOPIC, "orders-eu")).isFalse();
        assertThat(acls.authorize(BOB, HOST, WRITE, TOPIC, "orders")).isFalse();
        assertThat(acls.authorize(ALICE, HOST, WRITE, GROUP, "orders")).as("another resource type").isFalse();
    }

    @Test
    void aPrefixedBindingCoversEveryNameStartingWithIt() {
        AclAuthorizer acls = of(allow(ALICE, TOPIC, "orders-", AclPatternType.PREFIXED, READ));
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "orders-eu")).isTrue();
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "orders-")).isTrue();
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "orders")).isFalse();
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "my-orders-eu")).isFalse();
    }

    @Test
    void theLiteralWildcardNameAndPrincipalCoverEverything() {
        AclAuthorizer acls = of(allow("User:*", TOPIC, "*", AclPatternType.LITERAL, READ));
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "anything")).isTrue();
        assertThat(acls.authorize(BOB, HOST, READ, TOPIC, "orders")).isTrue();
        assertThat(acls.authorize(BOB, HOST, WRITE, TOPIC, "orders")).isFalse();
    }

    @Test
    void denyWinsOverAnyAllow() {
        AclAuthorizer acls = of(allow(ALICE, TOPIC, "orders-", AclPatternType.PREFIXED, ALL),
                allow("User:*", TOPIC, "*", AclPatternType.LITERAL, WRITE),
                deny(ALICE, TOPIC, "orders-secret", AclPatternType.LITERAL, WRITE));
        assertThat(acls.authorize(ALICE, HOST, WRITE, TOPIC, "orders-eu")).isTrue();
        assertThat(acls.authorize(ALICE, HOST, WRITE, TOPIC, "orders-secret")).isFalse();
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "orders-secret")).as("the DENY is of WRITE only").isTrue();
        assertThat(acls.authorize(BOB, HOST, WRITE, TOPIC, "orders-secret")).isTrue();
    }

    @Test
    void aDenyForEveryoneOrOfAllDeniesEvenAnAllowOfTheExactResource() {
        AclAuthorizer acls = of(allow(ALICE, TOPIC, "orders", AclPatternType.LITERAL, READ),
                deny("User:*", TOPIC, "ord", AclPatternType.PREFIXED, ALL));
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "orders")).isFalse();
        assertThat(acls.authorize(ALICE, HOST, DESCRIBE, TOPIC, "orders")).isFalse();
    }

    @Test
    void aDenyDoesNotImplyOtherOperations() {
        // Kafka: DENY READ does not deny DESCRIBE, though ALLOW READ allows it.
        AclAuthorizer acls = of(allow(ALICE, TOPIC, "orders", AclPatternType.LITERAL, DESCRIBE),
                deny(ALICE, TOPIC, "orders", AclPatternType.LITERAL, READ));
        assertThat(acls.authorize(ALICE, HOST, DESCRIBE, TOPIC, "orders")).isTrue();
        assertThat(acls.authorize(ALICE, HOST, READ, TOPIC, "orders")).isFalse();
    }

    @Test
    void readWriteDeleteAndAlterImplyDescribeAndAlterConfigsImpliesDescribeConfigs() {
        for (AclOperation op : List.of(READ, WRITE, DELETE, ALTER, ALL)) {
            AclAuthorizer acls = of(allow(ALICE, TOPIC, "t", AclPatternType.LITERAL, op));
            assertThat(acls.authorize(ALICE, HOST, DESCRIBE, TOPIC, "t")).as(op + " implies DESCRIBE").isTrue();
        }
        AclAuthorizer create = of(allow(ALICE, TOPIC, "t", AclPatternType.LITERAL, CREATE));
        assertThat(create.authorize(ALICE, HOST, DESCRIBE, TOPIC, "t")).as("CREATE does not imply DESCRIBE").isFalse();
        AclAuthorizer configs = of(allow(ALICE, TOPIC, "t", AclPatternType.LITERAL, ALTER_CONFIGS));
        assertThat(configs.authorize(ALICE, HOST, DESCRIBE_CONFIGS, TOPIC, "t")).isTrue();
        assertThat(configs.authorize(ALICE, HOST, DESCRIBE, TOPIC, "t")).isFalse();
        AclAuthorizer read = of(allow(ALICE, TOPIC, "t", AclPatternType.LITERAL, READ));
        assertThat(read.authorize(ALICE, HOST, WRITE, TOPIC, "t")).as("READ does not imply WRITE").isFalse();
    }

    @Test
    void theHostMustMatchUnlessTheBindingSaysStar() {
        AclAuthorizer acls = of(new AclBinding(ALICE, "10.0.0.1", TOPIC, "t", AclPatternType.LITERAL, READ, AclPermission.ALLOW),
                new AclBinding(BOB, "*", TOPIC, "t", AclPatternType.LITERAL, READ, AclPermission.ALLOW),
                new AclBinding(BOB, "10.0.0.9", TOPIC, "t", AclPatternType.LITERAL, READ, AclPermission.DENY));
        assertThat(acls.authorize(ALICE, "10.0.0.1", READ, TOPIC, "t")).isTrue();
        assertThat(acls.authorize(ALICE, "10.0.0.2", READ, TOPIC, "t")).isFalse();
        assertThat(acls.authorize(BOB, "10.0.0.2", READ, TOPIC, "t")).isTrue();
        assertThat(acls.authorize(BOB, "10.0.0.9", READ, TOPIC, "t")).as("denied from that host only").isFalse();
    }

    @Test
    void aSuperUserIsAllowedEvenAgainstADeny() {
        AclAuthorizer acls = of(deny("User:*", TOPIC, "*", AclPatternType.LITERAL, ALL));
        assertThat(acls.authorize("User:admin", HOST, WRITE, TOPIC, "orders")).isTrue();
        assertThat(acls.authorize(ALICE, HOST, WRITE, TOPIC, "orders")).isFalse();
    }

    @Test
    void someResourceOfATypeAnswersIdempotentWriteWithoutTheClusterBinding() {
        AclAuthorizer acls = of(allow(ALICE, TOPIC, "orders-", AclPatternType.PREFIXED, WRITE),
                allow(BOB, TOPIC, "*", AclPatternType.LITERAL, WRITE), deny(BOB, TOPIC, "*", AclPatternType.LITERAL, WRITE),
                allow("User:carol", CLUSTER, "kafka-cluster", AclPatternType.LITERAL, IDEMPOTENT_WRITE));
        assertThat(acls.authorizeAny(ALICE, HOST, WRITE, TOPIC)).isTrue();
        assertThat(acls.authorizeAny(BOB, HOST, WRITE, TOPIC)).as("denied on every topic").isFalse();
        assertThat(acls.authorizeAny("User:carol", HOST, WRITE, TOPIC)).isFalse();
        assertThat(acls.authorize("User:carol", HOST, IDEMPOTENT_WRITE, CLUSTER, "kafka-cluster")).isTrue();
    }
}
