package io.strata.api.acl;

/** Whether a binding allows or denies; a matching DENY wins over any ALLOW. */
public enum AclPermission {
    ALLOW, DENY;

    public static AclPermission parse(String field, String name) {
        return AclNames.parse(AclPermission.class, field, name);
    }
}
