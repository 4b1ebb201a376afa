package io.strata.deploy.cli.format;

import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.consume.ConsumedRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordFormatTest {

    private static final ConsumedRecord RECORD = new ConsumedRecord("orders", 2, 41, 1_764_900_000_000L,
            bytes("alice"), bytes("{\"amount\":42}"),
            List.of(new ConsumedRecord.Header("trace", bytes("123")), new ConsumedRecord.Header("empty", null)));

    @Test
    void expandsEveryDirectiveLikeKcat() {
        RecordFormat format = RecordFormat.parse("%t/%p@%o %T k=%k(%K) v=%s(%S) h=%h 100%%\\n");
        assertThat(format.apply(RECORD)).isEqualTo(
                "orders/2@41 1764900000000 k=alice(5) v={\"amount\":42}(13) h=trace=123,empty= 100%\n");
    }

    @Test
    void theDefaultPrintsTheValueOnALineAndNullsAsNothing() {
        ConsumedRecord keyless = new ConsumedRecord("t", 0, 0, 0, null, null, List.of());
        assertThat(RecordFormat.parse(RecordFormat.DEFAULT).apply(RECORD)).isEqualTo("{\"amount\":42}\n");
        assertThat(RecordFormat.parse("[%k|%s] %K %S\\t").apply(keyless)).isEqualTo("[|] -1 -1\t");
    }

    @Test
    void refusesUnknownDirectivesAndEscapesNamingThePosition() {
        assertThatThrownBy(() -> RecordFormat.parse("%s %x")).isInstanceOf(CliException.class)
                .hasMessageContaining("unknown format directive '%x' at position 4");
        assertThatThrownBy(() -> RecordFormat.parse("%s\\q")).hasMessageContaining("unknown escape '\\q' at position 3");
        assertThatThrownBy(() -> RecordFormat.parse("%s%")).hasMessageContaining("lone '%'");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
