package io.strata.deploy.cli.group;

import io.strata.deploy.cli.CliException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetSpecTest {

    @Test
    void buildsTheGatewaysResetBody() {
        assertThat(ResetSpec.body("earliest", List.of("orders")).toString())
                .isEqualTo("{\"to\":\"earliest\",\"topics\":[{\"topic\":\"orders\"}]}");
        assertThat(ResetSpec.body("offset:5", List.of("orders:0,2", "clicks")).toString())
                .isEqualTo("{\"to\":\"offset\",\"offset\":5,\"topics\":[{\"topic\":\"orders\",\"partitions\":[0,2]},{\"topic\":\"clicks\"}]}");
        assertThat(ResetSpec.body("time:2025-12-05T02:00:00Z", List.of("t")).path("timestamp").asLong())
                .isEqualTo(1_764_900_000_000L);
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> ResetSpec.body("first", List.of("t"))).isInstanceOf(CliException.class)
                .hasMessageContaining("--to wants earliest, latest, offset:N or time:MS|ISO-8601, got 'first'");
        assertThatThrownBy(() -> ResetSpec.body("latest", List.of())).hasMessageContaining("wants --topic");
        assertThatThrownBy(() -> ResetSpec.body("latest", List.of("t:x"))).hasMessageContaining("'x' is not a whole number");
    }
}
