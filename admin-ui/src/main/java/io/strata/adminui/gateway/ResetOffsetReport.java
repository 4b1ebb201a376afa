package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One offset as an offset reset stored it (or would store it, for a dry run).
 */
@RegisterForReflection
public record ResetOffsetReport(String topic, int partition, long offset) {
}
