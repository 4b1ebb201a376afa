package io.strata.adminui.gateway;

/** Where a produced record was stored, as the gateway's produce answer says. */
public record ProducedOffset(int partition, Long offset) {
}
