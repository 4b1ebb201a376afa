package io.strata.bench.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A directory that is a file system of its own, a tmpfs of a fixed size, so that it can be filled
 * to the last byte without touching the machine's disk: the nemesis fills it with a filler file
 * and empties it at heal.
 *
 * <p>At {@link #close()} its files are copied out and put back in the same directory once it is
 * unmounted, so what the run left there can be read afterwards.
 *
 * <p>Mounting needs root (or CAP_SYS_ADMIN); where it is refused, {@link #mount} says why and
 * returns nothing, and the fault that fills the disk is not injected.
 *
 * <p>Thread-safety: {@link #fill} and {@link #empty} are synchronized (the nemesis and the final
 * heal may overlap).
 */
final class SmallDisk implements AutoCloseable {

    static final String FILLER = "filler";
    private static final int CHUNK_BYTES = 1 << 20;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final PrintStream log;

    private SmallDisk(Path dir, PrintStream log) {
        this.dir = dir;
        this.log = log;
    }

    /** Mounts a tmpfs of {@code size} (e.g. "2g") on {@code dir}; empty when not permitted here. */
    static Optional<SmallDisk> mount(Path dir, String size, PrintStream log) {
        try {
            Files.createDirectories(dir);
            String refused = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
            if (refused != null) {
                log.println("chaos: cannot mount a " + size + " tmpfs on " + dir + " (needs root): " + refused
                        + "; the disk-full fault is left out");
                return Optional.empty();
            }
            return Optional.of(new SmallDisk(dir, log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Fills the file system: reserves most of its free space for the filler file at once
     * ({@code fallocate}: writing a GiB of zeros takes half a minute on two loaded cores), then
     * writes zeros until no space is left. Returns the filler's bytes.
     */
    synchronized long fill() {
        Path filler = dir.resolve(FILLER);
        try {
            long free = Files.getFileStore(dir).getUsableSpace() - CHUNK_BYTES;
            String refused = free > 0 ? run("fallocate", "-l", Long.toString(free), filler.toString()) : null;
            if (refused != null) {
                log.println("chaos: fallocate refused (" + refused + "); filling " + dir + " by writing");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve space in " + dir, e);
        }
        return topUp(filler);
    }

    private long topUp(Path filler) {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long written = 0;
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (true) {
                written += channel.write(chunk.clear());
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw new UncheckedIOException("filling " + dir + " failed other than by a full disk", full);
            }
        }
        try {
            return Files.size(filler);
        } catch (IOException e) {
            return written;
        }
    }

    synchronized void empty() throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
    }

    @Override
    public synchronized void close() {
        Path saved = dir.resolveSibling(dir.getFileName() + ".saved");
        try {
            empty();
            copy(dir, saved);
            String refused = run("umount", "--lazy", dir.toString());
            if (refused != null) {
                log.println("chaos: umount " + dir + " failed: " + refused);
                return;
            }
            try (Stream<Path> files = Files.list(saved)) {
                for (Path file : files.toList()) {
                    Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.delete(saved);
        } catch (IOException e) {
            log.println("chaos: keeping " + dir + "'s files after unmounting failed: " + e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT_SECONDS + " s";
            }
            return process.exitValue() == 0 ? null : output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
