package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A group's total lag as {@code POST /admin/groups/lag} answers it: {@code totalLag} null (with
 * {@code errorCode} and {@code error}) for an unknown group; {@code partitionsWithoutLag} of its
 * committed partitions are left out of the sum because their leader did not answer.
 */
@RegisterForReflection
public record GroupLagReport(String groupId, Long totalLag, int partitions, int partitionsWithoutLag, String errorCode, String error) {

    /** The answer's envelope. */
    @RegisterForReflection
    public record Totals(List<GroupLagReport> groups) {
    }
}
