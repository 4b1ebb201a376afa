package io.strata.coordinator.group;

/** Whether a group has members, as committed-offset expiry needs to know it. Immutable. */
public sealed interface GroupPresence {

    /** At least one member. */
    record Active() implements GroupPresence {
    }

    /** No member since {@code sinceMs}, when the last one left. */
    record EmptySince(long sinceMs) implements GroupPresence {
    }

    /** No state in this coordinator: no member joined since it started (a restart forgets members). */
    record Unknown() implements GroupPresence {
    }
}
