package io.strata.api.acl;

/**
 * One operation on one resource that a request needs to be allowed: the row type of every
 * listener's table of needs (the Kafka listener's {@code AclNeeds}, the gateway's
 * {@code GatewayAclNeeds}). Immutable.
 */
public record AclNeed(AclOperation operation, AclResourceType type, String name) {

    public static AclNeed topic(AclOperation operation, String topic) {
        return new AclNeed(operation, AclResourceType.TOPIC, topic);
    }

    public static AclNeed group(AclOperation operation, String group) {
        return new AclNeed(operation, AclResourceType.GROUP, group);
    }

    public static AclNeed cluster(AclOperation operation) {
        return new AclNeed(operation, AclResourceType.CLUSTER, AclResourceType.CLUSTER_NAME);
    }

    /** E.g. {@code WRITE on TOPIC 'orders'}, as refusals name it. */
    public String describe() {
        return operation + " on " + type + " '" + name + "'";
    }
}
