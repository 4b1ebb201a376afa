package io.strata.node.election;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.conf.ConfiguratorFactory;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.conf.ProtocolStackConfigurator;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.util.Utils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * This node's membership of the JGroups-raft group of partition nodes: the channel, built from the
 * stack XML ({@link RaftConfig#stack()}) with this node's address, the members, its raft id (= node
 * id) and log directory filled in. It reports raft role changes (leader or not, with the term) and
 * views (the members' node ids); it proposes nothing to the raft log: only the election is used.
 *
 * <p>Listeners are called on JGroups threads and must hand work off without blocking. {@link #connect()}
 * blocks until the channel has joined (or failed); call it off the start-up thread.
 */
final class RaftGroup implements AutoCloseable {

    /** The JGroups cluster name: every partition node joins this one. */
    static final String CLUSTER_NAME = "strata-controller";

    private final int nodeId;
    private final JChannel channel;
    private final RAFT raft;

    RaftGroup(int nodeId, RaftMembers members, String bindAddress, int port, Path logDir, String stack,
              BiConsumer<Boolean, Long> onRole, Consumer<Set<Integer>> onView) throws Exception {
        this.nodeId = nodeId;
        Files.createDirectories(logDir);
        ProtocolStackConfigurator configurator = ConfiguratorFactory.getStackConfigurator(stack);
        for (ProtocolConfiguration protocol : configurator.getProtocolStack()) {
            switch (protocol.getProtocolName()) {
                case "TCP" -> {
                    protocol.getProperties().put("bind_addr", bindAddress);
                    protocol.getProperties().put("bind_port", Integer.toString(port));
                }
                // FD_SOCK2's server socket (TCP's port + 100) would otherwise listen on every interface.
                case "FD_SOCK2" -> protocol.getProperties().put("bind_addr", bindAddress);
                case "TCPPING" -> protocol.getProperties().put("initial_hosts", members.initialHosts());
                case "raft.RAFT" -> {
                    protocol.getProperties().put("members", String.join(",", members.raftIds()));
                    protocol.getProperties().put("raft_id", Integer.toString(nodeId));
                    protocol.getProperties().put("log_dir", logDir.toAbsolutePath().toString());
                }
                default -> {
                }
            }
        }
        channel = new JChannel(configurator).name("node-" + nodeId);
        raft = channel.getProtocolStack().findProtocol(RAFT.class);
        if (raft == null) {
            channel.close();
            throw new IllegalArgumentException(stack + " has no raft.RAFT protocol");
        }
        raft.addRoleListener(role -> onRole.accept(role == Role.Leader, raft.currentTerm()));
        channel.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View view) {
                onView.accept(nodeIds(view));
            }
        });
    }

    /** Joins the group; blocks until joined. */
    void connect() throws Exception {
        channel.connect(CLUSTER_NAME);
    }

    /** The node ids of a view's members (members without a raft id are left out). */
    static Set<Integer> nodeIds(View view) {
        Set<Integer> ids = new TreeSet<>();
        for (Address address : view.getMembers()) {
            try {
                ids.add(Integer.parseInt(Utils.extractRaftId(address)));
            } catch (RuntimeException notARaftMember) {
                // a member without a numeric raft id is not a partition node of ours
            }
        }
        return ids;
    }

    /** Whether this node is the raft leader now, and its current term: for health and logs. */
    boolean isLeader() {
        return raft.isLeader();
    }

    long term() {
        return raft.currentTerm();
    }

    int nodeId() {
        return nodeId;
    }

    @Override
    public void close() {
        channel.close();
    }
}
