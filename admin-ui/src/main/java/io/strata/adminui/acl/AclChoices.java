package io.strata.adminui.acl;

import java.util.List;

/**
 * The values the ACL forms offer, in Kafka's names (those the gateway accepts): resource types, the
 * filter's pattern types and the operations. Constant.
 */
public record AclChoices(List<String> resourceTypes, List<String> filterPatternTypes, List<String> operations) {

    static final AclChoices KAFKA = new AclChoices(List.of("TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID"),
            List.of("LITERAL", "PREFIXED", "MATCH"),
            List.of("READ", "WRITE", "CREATE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS",
                    "CLUSTER_ACTION", "IDEMPOTENT_WRITE", "ALL"));
}
