package io.strata.adminui.problem;

/**
 * A failure a page shows to its user, in the shape of RFC 9457 problem details: either the gateway's
 * own {@code application/problem+json} answer, passed on unchanged (status, {@code error_code},
 * {@code detail}), or the console's check of its own input (a form or URL value), which uses the
 * gateway's vocabulary ({@code INVALID_REQUEST}, 400) so the user sees one kind of error.
 *
 * <p>Immutable; thrown from resources and rendered by {@link ConsoleProblemMapper}.
 */
public final class ConsoleProblem extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final String title;

    public ConsoleProblem(int status, String errorCode, String title, String detail) {
        super(detail);
        this.status = status;
        this.errorCode = errorCode;
        this.title = title;
    }

    /** The console's own refusal of a bad form or URL value: 400 INVALID_REQUEST, naming the value. */
    public static ConsoleProblem invalid(String detail) {
        return new ConsoleProblem(400, "INVALID_REQUEST", "Invalid request", detail);
    }

    /** The gateway could not be reached or answered something that is not a problem document. */
    public static ConsoleProblem gatewayUnavailable(String detail) {
        return new ConsoleProblem(502, "GATEWAY_UNAVAILABLE", "Gateway unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
