package io.strata.deploy.cli.format;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void padsColumnsToTheWidestCellWithoutTrailingBlanks() {
        String text = new Table("topic", "partitions", "configs")
                .row("orders", 3, "retention.ms=1000")
                .row("a-much-longer-name", 12, null)
                .render();
        assertThat(text).isEqualTo("""
                TOPIC               PARTITIONS  CONFIGS
                orders              3           retention.ms=1000
                a-much-longer-name  12          -
                """);
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("a", "b").row(1)).hasMessageContaining("a row of 2 columns got 1 cells");
    }
}
