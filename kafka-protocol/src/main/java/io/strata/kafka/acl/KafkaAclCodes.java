package io.strata.kafka.acl;

import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Kafka's one-byte ACL codes (resource type, pattern type, operation, permission) to Strata's ACL
 * model and back, by Kafka's names: a code Kafka knows but Strata does not serve (e.g. resource
 * type USER, operation CREATE_TOKENS) fails parsing with a message naming it. Stateless.
 */
final class KafkaAclCodes {

    private KafkaAclCodes() {
    }

    static AclBinding binding(String principal, String host, byte resourceType, String resourceName, byte patternType,
                              byte operation, byte permission) {
        return AclBinding.parse(principal, host, ResourceType.fromCode(resourceType).name(), resourceName,
                PatternType.fromCode(patternType).name(), AclOperation.fromCode(operation).name(),
                AclPermissionType.fromCode(permission).name());
    }

    static AclFilter filter(String principal, String host, byte resourceType, String resourceName, byte patternType,
                            byte operation, byte permission) {
        return AclFilter.parse(principal, host, ResourceType.fromCode(resourceType).name(), resourceName,
                PatternType.fromCode(patternType).name(), AclOperation.fromCode(operation).name(),
                AclPermissionType.fromCode(permission).name());
    }

    static byte resourceType(AclBinding binding) {
        return ResourceType.valueOf(binding.resourceType().name()).code();
    }

    static byte patternType(AclBinding binding) {
        return PatternType.valueOf(binding.patternType().name()).code();
    }

    static byte operation(AclBinding binding) {
        return AclOperation.valueOf(binding.operation().name()).code();
    }

    static byte permission(AclBinding binding) {
        return AclPermissionType.valueOf(binding.permission().name()).code();
    }
}
