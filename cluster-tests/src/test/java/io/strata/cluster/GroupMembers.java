package io.strata.cluster;

import io.strata.cluster.GroupMemberProcess.CommitMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The member processes of one test: starts them against one gateway, each with its files in the
 * test's directory, and destroys every one still running when closed. A test closes it in
 * {@code @AfterEach}, so no member outlives a test that failed; a member also closes itself when
 * the test JVM dies (its standard input ends).
 */
final class GroupMembers implements AutoCloseable {

    private final Path dir;
    private final String bootstrap;
    private final List<GroupMember> started = new ArrayList<>();

    GroupMembers(Path dir, String bootstrap) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.bootstrap = bootstrap;
    }

    /**
     * Starts the process of a member of {@code group} on {@code topic}, which joins at
     * {@link GroupMember#subscribe()}; {@code name} must be unique within the test.
     */
    synchronized GroupMember launch(String group, String topic, String name, CommitMode mode) throws IOException {
        GroupMember member = GroupMember.launch(dir, bootstrap, group, topic, name, mode);
        started.add(member);
        return member;
    }

    /** Starts a member that joins as soon as its process is up. */
    GroupMember start(String group, String topic, String name, CommitMode mode) throws IOException {
        GroupMember member = launch(group, topic, name, mode);
        member.subscribe();
        return member;
    }

    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (GroupMember member : started) {
            try {
                member.destroy();
            } catch (RuntimeException failure) {
                first = first == null ? failure : first;
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}
