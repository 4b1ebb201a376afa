package io.strata.api.acl;

import java.util.EnumSet;
import java.util.Set;

/**
 * An operation an ACL allows or denies, with Kafka's names and Kafka's implications: an ALLOW of
 * READ, WRITE, DELETE or ALTER also allows DESCRIBE; an ALLOW of ALTER_CONFIGS also allows
 * DESCRIBE_CONFIGS; ALL stands for every operation. Implications apply to ALLOW only: a DENY
 * denies exactly its operation (or every one, for ALL), as in Kafka's authorizer.
 */
public enum AclOperation {
    ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE;

    /** The operations an ALLOW binding of this operation allows. */
    public Set<AclOperation> allows() {
        return switch (this) {
            case ALL -> EnumSet.allOf(AclOperation.class);
            case READ, WRITE, DELETE, ALTER -> EnumSet.of(this, DESCRIBE);
            case ALTER_CONFIGS -> EnumSet.of(this, DESCRIBE_CONFIGS);
            default -> EnumSet.of(this);
        };
    }

    /** The operation named {@code name} (Kafka's spelling, any case). */
    public static AclOperation parse(String field, String name) {
        return AclNames.parse(AclOperation.class, field, name);
    }
}
