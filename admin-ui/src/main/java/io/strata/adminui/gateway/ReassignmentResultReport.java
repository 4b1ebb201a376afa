package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The gateway's answer for one partition of {@code POST /admin/reassignments}: {@code errorCode} null
 * when the move was accepted, else the refusal's code and message (the call itself answers 200).
 */
@RegisterForReflection
public record ReassignmentResultReport(String topic, int partition, String errorCode, String message) {

    /** The whole answer: {@code {"results": [...]}}. */
    @RegisterForReflection
    public record Results(List<ReassignmentResultReport> results) {
    }
}
