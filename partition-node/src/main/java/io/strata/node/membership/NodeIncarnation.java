package io.strata.node.membership;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.replica.AtomicRenames;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This node's incarnation id: a random UUID made on the first start of a data directory and kept
 * in {@code <dataDir>/incarnation.id}, sent with every RegisterNode. The metadata service gives a
 * node id to one incarnation at a time while its lease is current, so a second process configured
 * with the same id (another directory) is refused, while the same node restarting on its own
 * directory registers at once. Kafka makes its incarnation per process instead; keeping it with
 * the data means a restart need not wait out the previous process's lease.
 *
 * <p>Invariant: once written the file never changes; it is written whole (temporary file, fsync,
 * rename). Read once at start, on the membership start-up thread.
 */
public final class NodeIncarnation {

    public static final String FILE_NAME = "incarnation.id";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private NodeIncarnation() {
    }

    /**
     * The incarnation id of {@code dataDir}, made and stored when there is none.
     *
     * @throws StrataException STORAGE_ERROR when the file cannot be read or written, or is not a UUID
     */
    public static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!UUID_TEXT.matcher(stored).matches()) {
                throw new StrataException(ErrorCode.STORAGE_ERROR, file + " holds '" + stored
                        + "', not a UUID: restore it or delete it (the node then waits out its old lease once)");
            }
            return stored;
        } catch (NoSuchFileException absent) {
            return create(dataDir, file);
        } catch (IOException e) {
            throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String create(Path dataDir, Path file) {
        String id = UUID.randomUUID().toString();
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dataDir);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
                channel.force(true);
            }
            AtomicRenames.move(temporary, file);
            return id;
        } catch (IOException e) {
            throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
