package io.strata.api.acl;

import java.util.EnumSet;
import java.util.Set;

import static io.strata.api.acl.AclOperation.ALL;
import static io.strata.api.acl.AclOperation.ALTER;
import static io.strata.api.acl.AclOperation.ALTER_CONFIGS;
import static io.strata.api.acl.AclOperation.CLUSTER_ACTION;
import static io.strata.api.acl.AclOperation.CREATE;
import static io.strata.api.acl.AclOperation.DELETE;
import static io.strata.api.acl.AclOperation.DESCRIBE;
import static io.strata.api.acl.AclOperation.DESCRIBE_CONFIGS;
import static io.strata.api.acl.AclOperation.IDEMPOTENT_WRITE;
import static io.strata.api.acl.AclOperation.READ;
import static io.strata.api.acl.AclOperation.WRITE;

/**
 * What an ACL is about, with the operations Kafka allows in an ACL on each (Kafka's
 * {@code AclEntry.supportedOperations}): a binding naming another operation is refused.
 */
public enum AclResourceType {
    TOPIC(EnumSet.of(READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, ALL)),
    GROUP(EnumSet.of(READ, DESCRIBE, DELETE, ALL)),
    CLUSTER(EnumSet.of(CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE, ALL)),
    TRANSACTIONAL_ID(EnumSet.of(DESCRIBE, WRITE, ALL));

    /** The one name of the CLUSTER resource, as in Kafka. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    private final Set<AclOperation> operations;

    AclResourceType(Set<AclOperation> operations) {
        this.operations = operations;
    }

    /** The operations a binding on this type may name. */
    public Set<AclOperation> operations() {
        return EnumSet.copyOf(operations);
    }

    public boolean supports(AclOperation operation) {
        return operations.contains(operation);
    }

    public static AclResourceType parse(String field, String name) {
        return AclNames.parse(AclResourceType.class, field, name);
    }
}
