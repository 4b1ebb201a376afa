package io.strata.adminui.gateway;


/**
 * One offset as an offset reset stored it (or would store it, for a dry run).
 */
public record ResetOffsetReport(String topic, int partition, long offset) {
}
