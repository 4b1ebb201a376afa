package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A record header: its key, and its value base64 (null for a null value). */
@RegisterForReflection
public record HeaderReport(String key, String value) {
}
