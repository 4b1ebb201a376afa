package io.strata.api.acl;

import io.strata.api.v1.AclBindingFilter;

/**
 * Converts between the ACL model and its {@code strata.v1} messages, which carry Kafka's names as
 * strings. Parsing checks every invariant of {@link AclBinding}; a failure is an
 * {@link IllegalArgumentException} naming the field and value. Stateless.
 */
public final class AclMessages {

    private AclMessages() {
    }

    public static AclBinding binding(io.strata.api.v1.AclBinding message) {
        return AclBinding.parse(message.getPrincipal(), message.getHost(), message.getResourceType(), message.getResourceName(),
                message.getPatternType(), message.getOperation(), message.getPermission());
    }

    public static io.strata.api.v1.AclBinding message(AclBinding binding) {
        return io.strata.api.v1.AclBinding.newBuilder().setPrincipal(binding.principal()).setHost(binding.host())
                .setResourceType(binding.resourceType().name()).setResourceName(binding.resourceName())
                .setPatternType(binding.patternType().name()).setOperation(binding.operation().name())
                .setPermission(binding.permission().name()).build();
    }

    public static AclFilter filter(AclBindingFilter message) {
        return AclFilter.parse(message.getPrincipal(), message.getHost(), message.getResourceType(), message.getResourceName(),
                message.getPatternType(), message.getOperation(), message.getPermission());
    }

    public static AclBindingFilter message(AclFilter filter) {
        AclBindingFilter.Builder builder = AclBindingFilter.newBuilder().setPatternType(filter.pattern().name());
        if (filter.principal() != null) {
            builder.setPrincipal(filter.principal());
        }
        if (filter.host() != null) {
            builder.setHost(filter.host());
        }
        if (filter.resourceType() != null) {
            builder.setResourceType(filter.resourceType().name());
        }
        if (filter.resourceName() != null) {
            builder.setResourceName(filter.resourceName());
        }
        if (filter.operation() != null) {
            builder.setOperation(filter.operation().name());
        }
        if (filter.permission() != null) {
            builder.setPermission(filter.permission().name());
        }
        return builder.build();
    }
}
