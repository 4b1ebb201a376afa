package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One record as the gateway's partition read answers it in the binary format: key, value and
 * header values base64 (null stays null), the timestamp in ms since the epoch.
 */
@RegisterForReflection
public record RecordReport(String topic, int partition, long offset, long timestamp, String key, String value,
                           List<HeaderReport> headers) {
}
