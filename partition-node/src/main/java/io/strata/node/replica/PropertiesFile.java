package io.strata.node.replica;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A small {@code key=value} file in a data directory ({@code replica.properties},
 * {@code cluster-defaults.properties}), replaced whole: written to {@code <name>.tmp}, then renamed
 * over the old one. After a process crash at any point the file holds the old content or the new,
 * never a mixture. A durable write also fsyncs the file before the rename and the directory after
 * it, so that it survives a power loss too (replica.properties is not written durably: it is
 * written for every replica a topic creation places here, and the metadata sends it again).
 *
 * <p>Stateless; callers serialize the writes of one file.
 */
public final class PropertiesFile {

    private PropertiesFile() {
    }

    /** The file's entries; empty when it does not exist. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> entries = new HashMap<>();
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> entries.put(key, properties.getProperty(key)));
        }
        return entries;
    }

    /** Replaces the file's content with {@code entries}, atomically, and {@code durable}ly (see the class comment). */
    public static void write(Path file, Map<String, String> entries, String comment, boolean durable) throws IOException {
        Properties properties = new Properties();
        properties.putAll(entries);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary)) {
            properties.store(writer, comment);
        }
        if (durable) {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            AtomicRenames.fsyncDirectory(file.toAbsolutePath().getParent());
        }
    }
}
