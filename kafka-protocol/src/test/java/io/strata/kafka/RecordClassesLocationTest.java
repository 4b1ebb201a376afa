package io.strata.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The listener reads and writes record batches with kafka-clients' record classes in
 * {@code org.apache.kafka.common.record}. Kafka 4.3 moves them to {@code ...record.internal}: a
 * kafka-clients bump (through the Quarkus BOM) past 4.2 must fail here, loudly, rather than
 * somewhere in a handler.
 */
class RecordClassesLocationTest {

    @Test
    void theRecordClassesAreWhereThisModuleExpectsThem() {
        for (String name : new String[]{"MemoryRecords", "RecordBatch", "MutableRecordBatch", "DefaultRecordBatch", "Record"}) {
            String className = "org.apache.kafka.common.record." + name;
            try {
                Class<?> type = Class.forName(className);
                assertThat(type.getPackageName()).isEqualTo("org.apache.kafka.common.record");
            } catch (ClassNotFoundException e) {
                fail(className + " is gone from kafka-clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                        + ": Kafka 4.3 moved the record classes to org.apache.kafka.common.record.internal. Update the imports"
                        + " of kafka-protocol (produce, fetch, the fakes) before taking this kafka-clients version.");
            }
        }
    }
}
