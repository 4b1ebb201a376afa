package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.strata.api.error.ErrorStatus;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Locale;

/**
 * An RFC 9457 problem, the body of every REST error ({@code application/problem+json}):
 * {@code type} ({@code urn:strata:error:<code>}), {@code title} (the code in words), {@code status}
 * (from {@link ErrorStatus}, the one table shared with gRPC), {@code detail} (what was wrong, naming
 * the value) and {@code error_code} (the stable {@link ErrorCode} name).
 */
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String errorCode) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem for a failure with a code: status from the shared table. */
    public static Problem of(StrataException failure) {
        return of(failure.code(), ErrorStatus.of(failure.code()).http(), failure.getMessage());
    }

    /**
     * A problem the HTTP layer found before any Strata code ran (no such route, method not
     * allowed): the framework's status, code INVALID_REQUEST.
     */
    public static Problem ofHttp(int status, String detail) {
        return of(ErrorCode.INVALID_REQUEST, status, detail);
    }

    private static Problem of(ErrorCode code, int status, String detail) {
        String title = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return new Problem("urn:strata:error:" + code.name(), Character.toUpperCase(title.charAt(0)) + title.substring(1),
                status, detail, code.name());
    }
}
