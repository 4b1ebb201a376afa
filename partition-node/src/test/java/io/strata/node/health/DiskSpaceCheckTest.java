package io.strata.node.health;

import io.strata.api.health.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disk rule on a real small file system (a 16 MiB tmpfs, so other work on the machine cannot
 * move the figures): a file that leaves less than the floor turns it down, deleting it turns it up.
 * Needs root to mount; skipped (with the reason) where {@code mount} is not permitted.
 */
class DiskSpaceCheckTest {

    private static final long FLOOR = 8L * 1024 * 1024;

    @TempDir
    Path dir;
    private boolean mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "--lazy", dir.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aNearlyFullDiskIsDownAndUpOnceSpaceIsFreed() throws Exception {
        mountSmallDisk();
        assertThat(HealthRules.diskFree(DiskSpaceCheck.usableBytes(dir), FLOOR).up()).isTrue();

        Path filler = dir.resolve("filler");
        Files.write(filler, new byte[12 * 1024 * 1024]);
        Verdict full = HealthRules.diskFree(DiskSpaceCheck.usableBytes(dir), FLOOR);
        assertThat(full.up()).as(full.reason()).isFalse();

        Files.delete(filler);
        assertThat(HealthRules.diskFree(DiskSpaceCheck.usableBytes(dir), FLOOR).up()).isTrue();
        assertThat(HealthRules.diskFree(DiskSpaceCheck.usableBytes(dir.resolve("missing")), FLOOR).up())
                .as("a directory that cannot be asked").isFalse();
    }

    private void mountSmallDisk() throws IOException, InterruptedException {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + output.strip());
        mounted = true;
    }
}
