package io.strata.adminui.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTableTest {

    @Test
    void theListedUsersAreAdminsAndEveryoneElseAViewer() {
        RoleTable table = RoleTable.of(List.of("admin", " ops ", ""));
        assertThat(table.role("admin")).isEqualTo(Role.ADMIN);
        assertThat(table.role("ops")).isEqualTo(Role.ADMIN);
        assertThat(table.role("Admin")).as("names are exact, as SCRAM user names").isEqualTo(Role.VIEWER);
        assertThat(table.role("alice")).isEqualTo(Role.VIEWER);
        assertThat(table.role("")).isEqualTo(Role.VIEWER);
        assertThat(RoleTable.of(List.of()).role("admin")).as("no list: nobody is an admin").isEqualTo(Role.VIEWER);
    }
}
