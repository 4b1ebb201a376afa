package io.strata.adminui.auth;

/**
 * What a signed-in user may do in the console. A viewer reads every page; an admin also takes
 * every action (create, change, delete, produce, reset). The gateway's own ACLs still apply to
 * both: a role never lets a user do what the gateway refuses them.
 */
public enum Role {
    VIEWER,
    ADMIN;

    /** The role's name as the pages show it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
