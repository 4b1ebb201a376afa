package io.strata.node.eventlog;

import io.quarkus.logging.json.runtime.JsonFormatter;
import io.strata.node.replica.TopicPartition;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the JBoss log manager Quarkus runs on (System.Logger included) and the JSON formatter of
 * {@code quarkus-logging-json}: an event line carries event, topic and partition under {@code mdc},
 * and the next line on the same thread carries none of them.
 */
class PartitionEventLogTest {

    private static final String NAME = PartitionEventLogTest.class.getName();
    private final List<String> lines = new ArrayList<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            lines.add(new JsonFormatter().format(record));
        }
    };

    @AfterEach
    void detach() {
        Logger.getLogger(NAME).removeHandler(capture);
    }

    @Test
    void anEventLineCarriesItsPartitionAsStructuredFieldsAndOnlyThatLine() {
        Logger jboss = LogContext.getLogContext().getLogger(NAME);
        jboss.addHandler(capture);
        System.Logger log = System.getLogger(NAME);

        PartitionEventLog.log(log, System.Logger.Level.INFO, PartitionEventLog.Event.ISR_CHANGE, new TopicPartition("orders", 3),
                "ISR of orders-3 is now [1, 3]");
        log.log(System.Logger.Level.INFO, "an ordinary line");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"message\":\"ISR of orders-3 is now [1, 3]\"")
                .contains("\"event\":\"isr_change\"").contains("\"topic\":\"orders\"").contains("\"partition\":\"3\"");
        assertThat(lines.get(1)).contains("\"mdc\":{}");
    }
}
