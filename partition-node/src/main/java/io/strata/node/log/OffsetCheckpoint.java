package io.strata.node.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * One offset kept in a small text file (the offset in decimal, a newline), replaced atomically:
 * written to a temporary file, fsynced, then renamed over the old one, so a crash leaves either
 * the old value or the new one, never a torn one. Used for a partition's recovery point and its
 * high watermark. Not thread-safe: each file has one writer.
 */
public final class OffsetCheckpoint {

    private final Path path;

    public OffsetCheckpoint(Path path) {
        this.path = path;
    }

    /** The stored offset; empty when the file is missing or unreadable (then everything is recovered). */
    public OptionalLong read() {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public void write(long offset) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
