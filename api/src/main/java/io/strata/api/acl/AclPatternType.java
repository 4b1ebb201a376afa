package io.strata.api.acl;

/**
 * How a binding's resource name matches: LITERAL, the name itself (or every resource, for the
 * name {@code *}); PREFIXED, every resource whose name starts with it.
 */
public enum AclPatternType {
    LITERAL, PREFIXED;

    public static AclPatternType parse(String field, String name) {
        return AclNames.parse(AclPatternType.class, field, name);
    }
}
