package io.strata.adminui.auth;

import java.util.List;
import java.util.Set;

/**
 * Who is an admin: the user names of {@code strata.admin-ui.auth.admin-users}, compared exactly
 * (case matters, as it does for SCRAM user names); everyone else who signs in is a viewer.
 *
 * <p>A static list rather than a role derived from the gateway's ACLs: the gateway has no call that
 * answers "may this user do X" without doing X, and a list is what an operator can read and audit.
 * The gateway's ACLs still decide each call an admin makes. Immutable, thread-safe.
 */
public record RoleTable(Set<String> admins) {

    public RoleTable {
        admins = Set.copyOf(admins);
    }

    /** The table from the configured list (blank entries ignored, surrounding spaces stripped). */
    public static RoleTable of(List<String> adminUsers) {
        return new RoleTable(adminUsers.stream().map(String::strip).filter(name -> !name.isEmpty())
                .collect(java.util.stream.Collectors.toSet()));
    }

    public Role role(String user) {
        return admins.contains(user) ? Role.ADMIN : Role.VIEWER;
    }
}
