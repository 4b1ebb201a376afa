package io.strata.deploy.cli;

/**
 * A verb failed in a way the user is told about: the message is printed after {@code strata <verb>: }
 * and the process exits with {@link #exitCode()}. Unchecked so that verbs stay straight-line code.
 */
public final class CliException extends RuntimeException {

    private final ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage error: a wrong command line. */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
