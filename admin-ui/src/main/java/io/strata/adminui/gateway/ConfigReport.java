package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One effective config of a topic as {@code GET /admin/topics/{t}/configs} reports it: source TOPIC (an override) or DEFAULT (the cluster default); type long, int, boolean or enum; the documentation names the allowed range.
 */
@RegisterForReflection
public record ConfigReport(String name, String value, String source, String type, String documentation) {
}
