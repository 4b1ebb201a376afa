package io.strata.deploy.cli.consume;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;
import io.strata.deploy.cli.Invocation;
import io.strata.deploy.cli.args.ArgSpec;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.format.Progress;
import io.strata.deploy.cli.format.RecordFormat;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./strata consume TOPIC}: prints records with a kcat-style format ({@link RecordFormat}) or
 * as JSON lines. Without {@code -G} it reads partitions directly ({@link PartitionReader}) from
 * {@code --offset beginning|end|N} (default beginning) or {@code --from-time}; with {@code -G GROUP}
 * it reads as a group member ({@link GroupReader}) from the group's committed offsets. {@code -e}
 * exits at the end, {@code -c N} after N records. Progress and a summary go to stderr unless {@code -q}.
 * Stateless.
 */
public final class ConsumeCommand {

    public static final String USAGE = """
              consume TOPIC [-o beginning|end|OFFSET] [--from-time MS|ISO-8601] [-p PARTITION]
                      [-G GROUP] [-f FORMAT] [-e] [-c N] [-q]
                           print records; -f like kcat: %t %p %o %T %k %s %K %S %h, \\n \\t
                           (default %s\\n); -e exit at the end; -G read in a consumer group
            """;

    private ConsumeCommand() {
    }

    public static void run(Invocation call, List<String> words) {
        Args args = Args.parse(new ArgSpec().option("--offset", "-o").option("--from-time").option("--partition", "-p")
                .option("--group", "-G").option("--format", "-f").flag("--exit", "-e").option("--count", "-c")
                .flag("--quiet", "-q"), words).expectPositionals(1);
        String topic = args.positional(0, "the topic name");
        RecordFormat format = RecordFormat.parse(args.option("--format").orElse(RecordFormat.DEFAULT));
        RecordSink sink = new RecordSink(call.out(), format, call.json(), args.number("--count", 1, Long.MAX_VALUE, 0));
        Progress progress = new Progress(args.flag("--quiet")
                ? new PrintStream(OutputStream.nullOutputStream()) : call.err(), "consumed");
        JsonNode description = call.gateway().get("admin/topics/" + GatewayClient.segment(topic));
        Map<Integer, Long> end = offsets(description, "high_watermark", args);
        boolean exitAtEnd = args.flag("--exit");
        Optional<String> group = args.option("--group");
        String from = args.option("--offset").orElse("beginning");
        try {
            if (group.isPresent()) {
                if (args.option("--from-time").isPresent() || args.option("--partition").isPresent()
                        || !List.of("beginning", "end").contains(from)) {
                    throw CliException.usage("in a group (-G) the group decides partitions and start: only "
                            + "-o beginning|end (for a group without committed offsets); move a group's offsets "
                            + "with ./strata group reset");
                }
                new GroupReader(call.gateway(), group.get(), topic, end).run(sink, exitAtEnd, from.equals("beginning"), progress);
            } else {
                Long fromTime = args.option("--from-time").map(t -> Args.epochMillis("--from-time", t)).orElse(null);
                Map<Integer, Long> start = fromTime != null ? offsets(description, "log_start_offset", args)
                        : start(description, from, args);
                new PartitionReader(call.gateway(), topic, start, end, fromTime).run(sink, exitAtEnd, progress);
            }
        } finally {
            sink.flush();
        }
        if (!args.flag("--quiet")) {
            call.err().printf("consumed %d records from %s%n", sink.count(), topic);
        }
    }

    private static Map<Integer, Long> start(JsonNode description, String from, Args args) {
        return switch (from) {
            case "beginning" -> offsets(description, "log_start_offset", args);
            case "end" -> offsets(description, "high_watermark", args);
            default -> {
                long offset = args.number("--offset", 0, Long.MAX_VALUE, 0);
                Map<Integer, Long> start = new LinkedHashMap<>();
                offsets(description, "high_watermark", args).keySet().forEach(p -> start.put(p, offset));
                yield start;
            }
        };
    }

    /** One offset field of each partition read (all, or {@code --partition}). */
    private static Map<Integer, Long> offsets(JsonNode description, String field, Args args) {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        Optional<Long> only = args.option("--partition").map(p -> args.number("--partition", 0, Integer.MAX_VALUE, 0));
        for (JsonNode p : description.path("partitions")) {
            int partition = p.path("partition").asInt();
            if (only.isPresent() && only.get() != partition) {
                continue;
            }
            JsonNode value = p.get(field);
            if (value == null || value.isNull()) {
                throw new CliException(ExitCode.FAILED, "the leader of partition " + partition
                        + " did not say its offsets (no leader? see ./strata topic describe)");
            }
            offsets.put(partition, value.asLong());
        }
        if (offsets.isEmpty()) {
            throw new CliException(ExitCode.NOT_FOUND, "topic '" + description.path("name").asText() + "' has no partition "
                    + only.orElse(-1L));
        }
        return offsets;
    }
}
