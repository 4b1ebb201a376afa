package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Where a produced record was stored, as the gateway's produce answer says. */
@RegisterForReflection
public record ProducedOffset(int partition, Long offset) {
}
