package io.strata.deploy.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code keytool}, run as a process (the JDK has no public API that signs certificates).
 * The one from the running JVM's {@code java.home} is used, so no other tool must be installed.
 * Stateless and thread-safe; each call blocks until keytool exits (at most {@value #TIMEOUT_SECONDS} s).
 */
final class Keytool {

    static final int TIMEOUT_SECONDS = 60;

    private Keytool() {
    }

    /** Runs {@code keytool args…}; a non-zero exit throws with keytool's own output. */
    static void run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.get(0) + " failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool from " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }
}
