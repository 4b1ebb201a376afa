package io.strata.adminui.gateway;

/** A record header: its key, and its value base64 (null for a null value). */
public record HeaderReport(String key, String value) {
}
