package io.strata.coordinator.admin;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ResetSpec;

/** Where an offset reset moves partitions, checked: a known spec, a timestamp ≥ 0, an offset ≥ 0. */
public record ResetTarget(ResetSpec spec, long timestampMs, long offset) {

    public static ResetTarget of(ResetSpec spec, long timestampMs, long offset) {
        switch (spec) {
            case RESET_SPEC_EARLIEST, RESET_SPEC_LATEST -> {
                // nothing more to check
            }
            case RESET_SPEC_TIMESTAMP -> {
                if (timestampMs < 0) {
                    throw new StrataException(ErrorCode.INVALID_TIMESTAMP, "timestamp_ms: " + timestampMs + " is negative");
                }
            }
            case RESET_SPEC_OFFSET -> {
                if (offset < 0) {
                    throw new StrataException(ErrorCode.INVALID_REQUEST, "offset: " + offset + " is negative");
                }
            }
            default -> throw new StrataException(ErrorCode.INVALID_REQUEST, "spec: " + spec
                    + " is none of RESET_SPEC_EARLIEST, RESET_SPEC_LATEST, RESET_SPEC_TIMESTAMP, RESET_SPEC_OFFSET");
        }
        return new ResetTarget(spec, timestampMs, offset);
    }
}
