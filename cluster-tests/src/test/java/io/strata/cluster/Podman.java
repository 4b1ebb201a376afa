package io.strata.cluster;

import io.strata.deploy.launcher.StrataBuild;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code podman} command line as the image tests use it: rootful, daemonless, with the
 * project's {@code deploy/images/containers.conf} unless {@code CONTAINERS_CONF} is set (runc,
 * cgroupfs, the sandbox's ulimits; see NOTES.md "Containers"). Every call runs to its end within
 * a timeout and returns its combined output; a failing call throws with that output.
 *
 * <p>Stateless; safe to use from several threads.
 */
final class Podman {

    static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private Podman() {
    }

    /** Runs {@code podman args…}; throws with its output unless it exits 0. */
    static String call(String... args) {
        Result result = tryCall(CALL_TIMEOUT, List.of(args));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("podman " + String.join(" ", args) + " exited " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result.output().strip();
    }

    /** Runs {@code podman args…} and returns how it ended, whatever that was (cleanup, probes). */
    static Result tryCall(String... args) {
        return tryCall(CALL_TIMEOUT, List.of(args));
    }

    /** Runs {@code command} (any program, e.g. the image build script) with podman's environment. */
    static Result runWithPodmanEnvironment(List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(StrataBuild.root().toFile());
        if (System.getenv("CONTAINERS_CONF") == null) {
            builder.environment().put("CONTAINERS_CONF", containersConf().toString());
        }
        Path output = null;
        try {
            // Output goes to a file, not a pipe: a full pipe would stall the child past any timeout.
            output = Files.createTempFile("strata-podman-", ".out");
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(output) + "\n(still running after " + timeout + ")");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /** The project's podman settings. */
    static Path containersConf() {
        return StrataBuild.root().resolve("deploy/images/containers.conf");
    }

    private static Result tryCall(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        return runWithPodmanEnvironment(command, timeout);
    }

    /** How one call ended: its exit code (-1: timed out) and its stdout and stderr together. */
    record Result(int exitCode, String output) {
    }
}
