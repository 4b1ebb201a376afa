package io.strata.deploy.cli.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void reportsAtMostOncePerIntervalWithTheRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress progress = new Progress(new PrintStream(bytes, true), "produced", now::get);
        progress.maybeReport(100);
        now.set(Progress.INTERVAL_NANOS);
        progress.maybeReport(5000);
        now.addAndGet(Progress.INTERVAL_NANOS / 2);
        progress.maybeReport(6000);
        assertThat(bytes.toString()).isEqualTo("produced 5000 records (2500/s)" + System.lineSeparator());
    }
}
