package io.strata.deploy.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the last lines of a (possibly still growing) log file without reading the whole file:
 * at most {@link #MAX_TAIL_BYTES} from its end. A missing file reads as an empty tail.
 */
public final class LogTail {

    /** Bound on what one tail reads: long stack traces fit, a multi-GB log does not get loaded. */
    public static final int MAX_TAIL_BYTES = 1 << 20;

    private LogTail() {
    }

    /** The last {@code lines} lines of {@code file} (fewer if it has fewer), joined by '\n'. */
    public static String of(Path file, int lines) {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int toRead = (int) Math.min(length, MAX_TAIL_BYTES);
            byte[] bytes = new byte[toRead];
            raf.seek(length - toRead);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String[] all = text.split("\r?\n", -1);
            int end = all.length;
            if (end > 0 && all[end - 1].isEmpty()) {
                end--; // a trailing newline does not start another line
            }
            int start = Math.max(0, end - lines);
            return String.join("\n", Arrays.copyOfRange(all, start, end));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
