package io.strata.adminui.group;

import io.strata.adminui.gateway.OffsetLagReport;

import java.time.Duration;

/**
 * One committed partition offset as the group page shows it: the gateway's committed offset, log
 * end and lag in records, and the <em>lag in time</em> — the age of the oldest record the group has
 * not consumed (the one at the committed offset), {@code ageMs} −1 where it was not read (see
 * {@link LagAges}). Immutable.
 */
public record OffsetRow(String topic, int partition, long committedOffset, long logEndOffset, long lag, String memberId,
                        long ageMs, String age) {

    /** A caught-up partition: nothing unconsumed, so no age. */
    static final String CAUGHT_UP = "caught up";

    static OffsetRow of(OffsetLagReport offset, long ageMs, String age) {
        return new OffsetRow(offset.topic(), offset.partition(), offset.committedOffset(), offset.logEndOffset(), offset.lag(),
                offset.memberId(), ageMs, age);
    }

    /** An age as people read it: {@code 850 ms}, {@code 42 s}, {@code 3 min 12 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    static String readable(long ms) {
        Duration d = Duration.ofMillis(Math.max(0, ms));
        if (ms < 1000) {
            return d.toMillis() + " ms";
        } else if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        } else if (d.toHours() < 1) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        } else if (d.toDays() < 1) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }
}
