package io.strata.deploy.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running Strata service: a separate JVM started from a {@link ServiceSpec} as
 * {@code java <jvmArgs> -D… -jar <jar>} (the {@code java} of this JVM's {@code java.home}), with
 * stdout and stderr appended to the spec's log file and the spec's environment merged over ours.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>{@link #kill()} sends SIGKILL and returns only once the process has exited.</li>
 *   <li>{@link #stop(Duration)} sends SIGTERM (the service's shutdown hooks run), then SIGKILL if it
 *       has not exited after {@code grace}; it returns only once the process has exited. A paused
 *       process is resumed after the SIGTERM so that it can act on it.</li>
 *   <li>Both also SIGKILL any descendant processes that are still alive once the process itself has
 *       gone, so a service cannot leave a child behind.</li>
 *   <li>{@link #close()} is {@code stop(10 s)}; it and stop/kill are idempotent and safe on an
 *       already dead process.</li>
 *   <li>A service jar's first start to become healthy in {@link #awaitHealthy} dumps its class
 *       archive there, which later starts map ({@link ClassArchive}).</li>
 *   <li>Every process this JVM starts is killed by one JVM shutdown hook if it is still running when
 *       the JVM exits (see {@link ChildReaper}), unless it was {@link #detach() detached}: that is how
 *       {@code ./strata up} leaves its services running.</li>
 * </ul>
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread. Signals are idempotent, state
 * lives in the operating system (queried through {@link ProcessHandle}) or in volatile/atomic fields;
 * nothing blocks on a lock while waiting for a process.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Grace period of {@link #close()}. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(10);
    /** Lines of log quoted when a service fails to become healthy. */
    public static final int FAILURE_LOG_LINES = 40;
    /** Pause between two health probes. */
    private static final Duration HEALTH_POLL_INTERVAL = Duration.ofMillis(200);
    /** Bound on waiting for exit after SIGKILL; only a process stuck in the kernel takes longer. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final ServiceSpec spec;
    private final ProcessHandle handle;
    /** Our child's {@link Process}, for its exit code; null for an {@link #attach attached} process. */
    private final Process process;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean paused;
    /** The archive this process is to dump once healthy (it started without one); null when none or done. */
    private final AtomicReference<ClassArchive> archiveToDump;

    private ServiceProcess(ServiceSpec spec, ProcessHandle handle, Process process, ClassArchive archiveToDump) {
        this.spec = spec;
        this.handle = handle;
        this.process = process;
        this.archiveToDump = new AtomicReference<>(archiveToDump);
    }

    /**
     * Starts {@code spec} as a child process and returns at once (use {@link #awaitHealthy}).
     * Creates the log file's parent directories and appends a header line naming the command, so
     * one log file read top-down shows each start of the service.
     */
    public static ServiceProcess start(ServiceSpec spec) throws IOException {
        Path logFile = spec.logFile().toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>(spec.command(javaExecutable()));
        Optional<ClassArchive> archive = ClassArchive.of(spec.jar());
        archive.ifPresent(classes -> command.addAll(1, classes.jvmArgs()));
        String header = "=== " + Instant.now() + " strata launcher starting " + spec.name() + ": "
                + String.join(" ", command) + System.lineSeparator();
        Files.writeString(logFile, header, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        builder.environment().putAll(spec.environment());
        Process process = builder.start();
        ServiceProcess started = new ServiceProcess(spec, process.toHandle(), process,
                archive.filter(classes -> !classes.exists()).orElse(null));
        ChildReaper.track(started);
        return started;
    }

    /** Starts {@code dead}'s spec again; {@code dead} must have exited. */
    public static ServiceProcess restart(ServiceProcess dead) throws IOException {
        if (dead.isAlive()) {
            throw new IllegalStateException(dead.name() + " (pid " + dead.pid() + ") is still running");
        }
        return start(dead.spec());
    }

    /**
     * A handle on a service process started earlier, possibly by another JVM (the state file of
     * {@code ./strata up}). Empty when no such process runs any more, or when {@code pid} now
     * belongs to a process started at another time (the pid was reused). Attached processes are not
     * killed at this JVM's exit.
     *
     * @param startedAt the process start time recorded earlier ({@link #startedAt()}), or null to
     *                  skip that check
     */
    public static Optional<ServiceProcess> attach(ServiceSpec spec, long pid, Instant startedAt) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        if (startedAt != null) {
            Optional<Instant> actual = handle.get().info().startInstant();
            // start times come from /proc at clock-tick resolution; allow for rounding
            if (actual.isPresent() && Duration.between(startedAt, actual.get()).abs().toMillis() > 1_000) {
                return Optional.empty();
            }
        }
        return Optional.of(new ServiceProcess(spec, handle.get(), null, null));
    }

    /**
     * Polls the health URL every 200 ms until it answers 200; returns this for chaining.
     *
     * @throws ServiceFailedException with the last {@value #FAILURE_LOG_LINES} log lines when the
     *                                process exits first or {@code timeout} passes
     */
    public ServiceProcess awaitHealthy(Duration timeout) {
        if (spec.healthUrl() == null) {
            throw new IllegalStateException(name() + " has no health URL to wait for");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!isAlive()) {
                throw failure("exited with " + exitDescription() + " before becoming healthy");
            }
            if (HealthProbe.isHealthy(spec.healthUrl())) {
                ClassArchive archive = archiveToDump.getAndSet(null);
                if (archive != null) {
                    archive.dump(pid(), logFile());
                }
                return this;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw failure("not healthy at " + spec.healthUrl() + " after " + timeout.toMillis() + " ms");
            }
            sleep(HEALTH_POLL_INTERVAL);
        }
    }

    /** True when the health URL answers 200 now (a single probe). */
    public boolean isHealthy() {
        return spec.healthUrl() != null && isAlive() && HealthProbe.isHealthy(spec.healthUrl());
    }

    public long pid() {
        return handle.pid();
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    public String name() {
        return spec.name();
    }

    public ServiceSpec spec() {
        return spec;
    }

    /**
     * The exit code once a process started by this JVM has exited (128 + n after signal n, as a
     * shell reports it: 137 after SIGKILL, 143 after an unhandled SIGTERM); empty while it runs or
     * for an attached process.
     */
    public OptionalInt exitCode() {
        if (process == null || process.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(process.exitValue());
    }

    public Path logFile() {
        return spec.logFile();
    }

    /** When the operating system says the process started; empty if it cannot tell. */
    public Optional<Instant> startedAt() {
        return handle.info().startInstant();
    }

    /** The last {@code lines} lines of the log file. */
    public String logTail(int lines) {
        return LogTail.of(spec.logFile(), lines);
    }

    /** SIGKILL; returns once the process has exited. */
    public void kill() {
        ChildReaper.untrack(this);
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroyForcibly();
        awaitExit(KILL_WAIT);
        killSurvivors(descendants);
        paused = false;
    }

    /**
     * SIGSTOP: the process stays in memory, keeps its sockets open and does nothing. Returns once
     * the kernel reports it stopped (signals are delivered asynchronously).
     */
    public void pause() {
        signal("STOP");
        paused = true;
        awaitStopped(true);
    }

    /** SIGCONT: undoes {@link #pause()}; returns once the process runs again. */
    public void resume() {
        signal("CONT");
        paused = false;
        awaitStopped(false);
    }

    /** Polls the process state in /proc (Linux) until it is, or is not, 'T' (stopped); 5 s at most. */
    private void awaitStopped(boolean stopped) {
        Path stat = Path.of("/proc", Long.toString(pid()), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && Files.isReadable(stat)) {
            try {
                String text = Files.readString(stat);
                boolean isStopped = text.charAt(text.lastIndexOf(')') + 2) == 'T';
                if (isStopped == stopped) {
                    return;
                }
                Thread.sleep(5);
            } catch (IOException | StringIndexOutOfBoundsException gone) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True between {@link #pause()} and {@link #resume()} (as far as this handle knows). */
    public boolean isPaused() {
        return paused && isAlive();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process has exited. */
    public void stop(Duration grace) {
        ChildReaper.untrack(this);
        if (!isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        if (paused) {
            resume();
        }
        if (!awaitExit(grace)) {
            handle.destroyForcibly();
            awaitExit(KILL_WAIT);
        }
        killSurvivors(descendants);
        paused = false;
    }

    /**
     * Stops tracking this process for the JVM-exit cleanup: it will outlive this JVM. Its output
     * still goes to the log file (the file, not this JVM, holds the other end).
     */
    public ServiceProcess detach() {
        ChildReaper.untrack(this);
        return this;
    }

    /** {@code stop(10 s)}; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(CLOSE_GRACE);
        }
    }

    @Override
    public String toString() {
        return name() + "(pid " + pid() + (isAlive() ? ", alive" : ", exited") + ")";
    }

    ProcessHandle handle() {
        return handle;
    }

    private boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + this + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + this + " to exit", e);
        }
    }

    private static void killSurvivors(List<ProcessHandle> descendants) {
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroyForcibly();
            }
        }
    }

    private void signal(String signal) {
        if (!isAlive()) {
            throw new IllegalStateException(this + " is not running; cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    private String exitDescription() {
        OptionalInt code = exitCode();
        return code.isPresent() ? "exit code " + code.getAsInt() : "an unknown exit status";
    }

    private ServiceFailedException failure(String reason) {
        return new ServiceFailedException(name(), "(pid " + pid() + ", log " + logFile() + ") " + reason,
                logTail(FAILURE_LOG_LINES));
    }

    private static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a service to become healthy", e);
        }
    }
}
