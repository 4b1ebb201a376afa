package io.strata.deploy.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void returnsTheLastLines() throws IOException {
        Path file = dir.resolve("a.log");
        Files.writeString(file, "one\ntwo\nthree\n");

        assertThat(LogTail.of(file, 2)).isEqualTo("two\nthree");
        assertThat(LogTail.of(file, 10)).isEqualTo("one\ntwo\nthree");
        assertThat(LogTail.of(file, 0)).isEmpty();
        assertThat(LogTail.of(dir.resolve("missing.log"), 5)).isEmpty();
    }
}
