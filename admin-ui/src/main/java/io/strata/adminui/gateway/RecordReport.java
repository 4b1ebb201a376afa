package io.strata.adminui.gateway;

import java.util.List;

/**
 * One record as the gateway's partition read answers it in the binary format: key, value and
 * header values base64 (null stays null), the timestamp in ms since the epoch.
 */
public record RecordReport(String topic, int partition, long offset, long timestamp, String key, String value,
                           List<HeaderReport> headers) {
}
