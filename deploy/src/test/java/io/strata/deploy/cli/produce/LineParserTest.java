package io.strata.deploy.cli.produce;

import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineParserTest {

    @Test
    void splitsAtTheFirstSeparatorAndKeepsLinesWithoutOneKeyless() {
        LineParser parser = new LineParser("::", LineParser.Format.TEXT);
        assertThat(text(parser.parse("alice::a::b", 1).key())).isEqualTo("alice");
        assertThat(text(parser.parse("alice::a::b", 1).value())).isEqualTo("a::b");
        assertThat(parser.parse("no separator", 2).key()).isNull();
        assertThat(text(parser.parse("no separator", 2).value())).isEqualTo("no separator");
        assertThat(new LineParser(null, LineParser.Format.TEXT).parse("a:b", 1).key()).isNull();
    }

    @Test
    void jsonValuesAreCheckedAndCompacted() {
        LineParser parser = new LineParser(":", LineParser.Format.JSON);
        LineParser.Parsed parsed = parser.parse("bob:{ \"amount\" : 42 }", 1);
        assertThat(text(parsed.key())).isEqualTo("bob");
        assertThat(text(parsed.value())).isEqualTo("{\"amount\":42}");
        assertThatThrownBy(() -> parser.parse("bob:{\"amount\":", 7)).isInstanceOf(CliException.class)
                .hasMessageContaining("line 7 is not one JSON document")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThatThrownBy(() -> parser.parse("bob:1 2", 8)).hasMessageContaining("line 8");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
