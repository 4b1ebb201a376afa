package io.strata.api.identity;

/**
 * What kind of Strata service makes an internal call. {@link RpcPolicy} decides which RPCs each
 * role may make; the role travels in the {@link ClusterCredential}.
 */
public enum Role {
    /** A partition node (replication, registration, the controller, its Kafka listener). */
    NODE,
    /** The gateway (routes client produce/fetch and admin calls). */
    GATEWAY,
    /** The group coordinator (reads log offsets and metadata). */
    COORDINATOR;

    /** The role named by {@code text} (case-insensitive). */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of node, gateway, coordinator");
    }
}
