package io.strata.node.election;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The raft group's fixed membership, parsed from {@code id@host:port,…}: node ids are the raft ids.
 * Immutable; ids and addresses are unique.
 */
record RaftMembers(List<Member> members) {

    /** One node of the group. */
    record Member(int id, String host, int port) {
        Member {
            if (id < 0) {
                throw new IllegalArgumentException("node id " + id + " is negative");
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("node " + id + " has no host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("node " + id + ": port " + port + " is not 1 … 65535");
            }
        }
    }

    RaftMembers {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members");
        }
        Set<Integer> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Member member : members) {
            if (!ids.add(member.id())) {
                throw new IllegalArgumentException("node " + member.id() + " is listed twice");
            }
            if (!addresses.add(member.host() + ":" + member.port())) {
                throw new IllegalArgumentException("address " + member.host() + ":" + member.port() + " is listed twice");
            }
        }
    }

    /** Parses {@code 1@127.0.0.1:7801,2@127.0.0.1:7802}; the message of a failure names the bad entry. */
    static RaftMembers parse(String text) {
        List<Member> members = new ArrayList<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            int at = trimmed.indexOf('@');
            int colon = trimmed.lastIndexOf(':');
            if (at < 1 || colon < at + 2 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("strata.node.raft.members: '" + trimmed + "' is not id@host:port");
            }
            try {
                members.add(new Member(Integer.parseInt(trimmed.substring(0, at)), trimmed.substring(at + 1, colon),
                        Integer.parseInt(trimmed.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("strata.node.raft.members: '" + trimmed + "': " + e.getMessage(), e);
            }
        }
        try {
            return new RaftMembers(members);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("strata.node.raft.members: " + e.getMessage(), e);
        }
    }

    Optional<Member> member(int id) {
        return members.stream().filter(m -> m.id() == id).findFirst();
    }

    /** The raft ids (node ids as text), as RAFT's {@code members}. */
    List<String> raftIds() {
        return members.stream().map(m -> Integer.toString(m.id())).toList();
    }

    /** TCPPING's {@code initial_hosts}: {@code host[port],…}. */
    String initialHosts() {
        return members.stream().map(m -> m.host() + "[" + m.port() + "]").collect(Collectors.joining(","));
    }
}
