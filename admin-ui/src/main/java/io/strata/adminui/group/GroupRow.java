package io.strata.adminui.group;

/**
 * One row of the group list: the group's state and member count from the list, and its total lag
 * (the sum over its committed partitions) from its description; {@code totalLag} is null and
 * {@code lagNote} says why when the description failed, and the note also marks a sum that misses
 * partitions whose leader did not answer. Immutable.
 */
public record GroupRow(String groupId, String state, int members, Long totalLag, String lagNote) {

    public String href() {
        return GroupPage.href(groupId);
    }
}
