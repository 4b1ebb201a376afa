package io.strata.node.eventlog;

import io.strata.node.replica.TopicPartition;
import org.jboss.logging.MDC;

/**
 * Logs the events an operator follows a partition by — leader change, ISR change, segment
 * deletion — as one line each, with the event, topic and partition as structured fields: MDC keys
 * {@code event}, {@code topic}, {@code partition}, which JSON logs
 * ({@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true}) carry under {@code mdc}, beside the usual text.
 *
 * <p>Stateless; the MDC is the calling thread's and is cleared before returning, so a pooled
 * thread carries no stale fields into its next line.
 */
public final class PartitionEventLog {

    /** The events, as the {@code event} field spells them. */
    public enum Event {
        LEADER_CHANGE("leader_change"), ISR_CHANGE("isr_change"), SEGMENT_DELETION("segment_deletion");

        private final String field;

        Event(String field) {
            this.field = field;
        }
    }

    private PartitionEventLog() {
    }

    public static void log(System.Logger log, System.Logger.Level level, Event event, TopicPartition partition, String message) {
        MDC.put("event", event.field);
        MDC.put("topic", partition.topic());
        MDC.put("partition", Integer.toString(partition.partition()));
        try {
            log.log(level, message);
        } finally {
            MDC.remove("event");
            MDC.remove("topic");
            MDC.remove("partition");
        }
    }
}
