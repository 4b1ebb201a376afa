package io.strata.node.election;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RaftMembersTest {

    @Test
    void parsesIdsHostsAndPorts() {
        RaftMembers members = RaftMembers.parse("1@127.0.0.1:7801, 2@127.0.0.1:7802,3@node-3.strata:7800");

        assertThat(members.members()).containsExactly(new RaftMembers.Member(1, "127.0.0.1", 7801),
                new RaftMembers.Member(2, "127.0.0.1", 7802), new RaftMembers.Member(3, "node-3.strata", 7800));
        assertThat(members.raftIds()).isEqualTo(List.of("1", "2", "3"));
        assertThat(members.initialHosts()).isEqualTo("127.0.0.1[7801],127.0.0.1[7802],node-3.strata[7800]");
        assertThat(members.member(2)).contains(new RaftMembers.Member(2, "127.0.0.1", 7802));
        assertThat(members.member(4)).isEmpty();
    }

    @Test
    void refusesMalformedEntriesNamingThem() {
        assertThatThrownBy(() -> RaftMembers.parse("1@127.0.0.1:7801,2-127.0.0.1:7802"))
                .hasMessageContaining("'2-127.0.0.1:7802' is not id@host:port");
        assertThatThrownBy(() -> RaftMembers.parse("1@127.0.0.1"))
                .hasMessageContaining("'1@127.0.0.1' is not id@host:port");
        assertThatThrownBy(() -> RaftMembers.parse("x@127.0.0.1:7801")).hasMessageContaining("'x@127.0.0.1:7801'");
        assertThatThrownBy(() -> RaftMembers.parse("1@127.0.0.1:99999")).hasMessageContaining("port 99999");
    }

    @Test
    void refusesDuplicateIdsAndAddresses() {
        assertThatThrownBy(() -> RaftMembers.parse("1@127.0.0.1:7801,1@127.0.0.1:7802"))
                .hasMessageContaining("node 1 is listed twice");
        assertThatThrownBy(() -> RaftMembers.parse("1@127.0.0.1:7801,2@127.0.0.1:7801"))
                .hasMessageContaining("address 127.0.0.1:7801 is listed twice");
    }
}
