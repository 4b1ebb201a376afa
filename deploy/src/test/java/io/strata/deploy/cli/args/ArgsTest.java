package io.strata.deploy.cli.args;

import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    private final ArgSpec spec = new ArgSpec().option("--partitions", "-p").option("--config", "-c").flag("--exit", "-e");

    @Test
    void readsPositionalsOptionsAliasesAndFlagsInAnyOrder() {
        Args args = Args.parse(spec, List.of("-e", "orders", "--partitions=3", "-c", "a=1", "--config", "b=2"));
        assertThat(args.positionals()).containsExactly("orders");
        assertThat(args.flag("--exit")).isTrue();
        assertThat(args.number("--partitions", 1, 10, 1)).isEqualTo(3);
        assertThat(args.assignments("--config")).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void aNegativeNumberAndWordsAfterDoubleDashArePositional() {
        Args args = Args.parse(spec, List.of("-5", "--", "--exit"));
        assertThat(args.positionals()).containsExactly("-5", "--exit");
        assertThat(args.flag("--exit")).isFalse();
    }

    @Test
    void namesWhatIsWrong() {
        assertUsage(() -> Args.parse(spec, List.of("--partitons", "3")), "unknown option '--partitons'; known: --partitions");
        assertUsage(() -> Args.parse(spec, List.of("--partitions")), "--partitions needs a value");
        assertUsage(() -> Args.parse(spec, List.of("--exit=yes")), "--exit takes no value");
        assertUsage(() -> Args.parse(spec, List.of("-p", "zero")).number("--partitions", 1, 10, 1),
                "--partitions wants a whole number from 1 to 10, got 'zero'");
        assertUsage(() -> Args.parse(spec, List.of("-c", "novalue")).assignments("--config"),
                "--config wants NAME=VALUE, got 'novalue'");
        assertUsage(() -> Args.parse(spec, List.of("a", "b")).expectPositionals(1), "unexpected argument 'b'");
        assertUsage(() -> Args.parse(spec, List.of()).positional(0, "the topic name"), "missing the topic name");
    }

    @Test
    void readsTimesInMillisOrIso8601() {
        assertThat(Args.epochMillis("--from-time", "1764900000000")).isEqualTo(1_764_900_000_000L);
        assertThat(Args.epochMillis("--from-time", "2025-12-05T02:00:00Z")).isEqualTo(1_764_900_000_000L);
        assertUsage(() -> Args.epochMillis("--from-time", "yesterday"), "--from-time wants ms since the epoch or an ISO-8601");
    }

    private static void assertUsage(Runnable parse, String message) {
        assertThatThrownBy(parse::run).isInstanceOf(CliException.class).hasMessageContaining(message)
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
