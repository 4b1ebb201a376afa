package io.strata.deploy.cli;

/**
 * The exit codes of the gateway verbs ({@code ./strata topic|produce|consume|group|cluster}): each
 * says what failed, so a script can branch on it without reading the message. The numbers are part
 * of the command line's contract (documented in deploy/README.md) and never change meaning.
 *
 * <pre>
 * 0  OK           the verb did what was asked
 * 1  FAILED       the gateway answered with an error not listed below (5xx, timeouts, bad answers)
 * 2  USAGE        the command line was wrong (unknown verb or option, missing or malformed value)
 * 3  UNREACHABLE  no gateway answered at the address (connection refused, unknown host, no answer)
 * 4  NOT_FOUND    the topic, partition or group does not exist (HTTP 404)
 * 5  CONFLICT     the thing exists already or is in use (HTTP 409: topic exists, group not empty)
 * 6  REFUSED      the gateway refused the input (other HTTP 4xx: bad name, bad config, bad record)
 * </pre>
 */
public enum ExitCode {
    OK(0), FAILED(1), USAGE(2), UNREACHABLE(3), NOT_FOUND(4), CONFLICT(5), REFUSED(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** The exit code for an HTTP error status of the gateway: the one table from status to code. */
    public static ExitCode ofHttpStatus(int status) {
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 409) {
            return CONFLICT;
        }
        if (status >= 400 && status < 500) {
            return REFUSED;
        }
        return FAILED;
    }
}
