package io.strata.deploy.cli.produce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.Invocation;
import io.strata.deploy.cli.args.ArgSpec;
import io.strata.deploy.cli.args.Args;
import io.strata.deploy.cli.format.Progress;
import io.strata.deploy.cli.gateway.GatewayClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./strata produce TOPIC}: one record per input line (stdin, or {@code --file}), sent in
 * requests of {@code --batch} records (default {@link #DEFAULT_BATCH}, at most {@link #MAX_BATCH},
 * the gateway's {@code max-produce-records} default) in the binary embedded format, so bytes arrive
 * as given. Each request is answered after the acks asked for ({@code --acks}, default all) before
 * the next is sent: a failure stops at a known point (every line before the failing request is
 * stored). Prints records per partition at the end; progress on stderr while it runs. Stateless.
 */
public final class ProduceCommand {

    public static final int DEFAULT_BATCH = 1000;
    public static final int MAX_BATCH = 100_000;

    public static final String USAGE = """
              produce TOPIC [--file F] [-K SEP] [-H K=V]... [--format text|json] [-p PARTITION]
                      [--batch N] [--acks all|1|0]
                           one record per line of stdin (or F); -K splits key and value at SEP;
                           -H adds a header to every record; json checks and compacts each value
            """;

    private ProduceCommand() {
    }

    public static void run(Invocation call, List<String> words) {
        Args args = Args.parse(new ArgSpec().option("--file").option("--key-separator", "-K").option("--header", "-H")
                .option("--format").option("--partition", "-p").option("--batch").option("--acks"), words)
                .expectPositionals(1);
        String topic = args.positional(0, "the topic name");
        LineParser parser = new LineParser(args.option("--key-separator").orElse(null), format(args));
        Map<String, String> headers = args.assignments("--header");
        int batch = (int) args.number("--batch", 1, MAX_BATCH, DEFAULT_BATCH);
        String path = "topics/" + GatewayClient.segment(topic)
                + (args.option("--partition").isPresent()
                ? "/partitions/" + args.number("--partition", 0, Integer.MAX_VALUE, 0) : "")
                + "?acks=" + acks(args);
        Sender sender = new Sender(call, path, headers, batch);
        try (BufferedReader lines = reader(args)) {
            long lineNumber = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                sender.add(parser.parse(line, ++lineNumber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input: " + e.getMessage(), e);
        }
        sender.flush();
        sender.report(topic);
    }

    private static LineParser.Format format(Args args) {
        String format = args.option("--format").orElse("text").toUpperCase(Locale.ROOT);
        try {
            return LineParser.Format.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--format wants text or json, got '" + args.option("--format").orElseThrow() + "'");
        }
    }

    private static String acks(Args args) {
        String acks = args.option("--acks").orElse("all");
        if (!List.of("all", "1", "0", "-1").contains(acks)) {
            throw CliException.usage("--acks wants all, 1 or 0, got '" + acks + "'");
        }
        return acks;
    }

    private static BufferedReader reader(Args args) {
        InputStream in = System.in;
        if (args.option("--file").isPresent()) {
            Path file = Path.of(args.option("--file").orElseThrow());
            try {
                in = Files.newInputStream(file);
            } catch (IOException e) {
                throw CliException.usage("cannot read --file " + file + ": " + e);
            }
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Collects records into request bodies and sends each when full. Confined to the caller's thread. */
    private static final class Sender {
        private final Invocation call;
        private final String path;
        private final Map<String, String> headers;
        private final int batch;
        private final Progress progress;
        private final Map<Integer, Long> perPartition = new TreeMap<>();
        private ArrayNode records = GatewayClient.mapper().createArrayNode();
        private long sent;

        Sender(Invocation call, String path, Map<String, String> headers, int batch) {
            this.call = call;
            this.path = path;
            this.headers = headers;
            this.batch = batch;
            this.progress = new Progress(call.err(), "produced");
        }

        void add(LineParser.Parsed line) {
            ObjectNode record = records.addObject();
            record.put("key", line.key() == null ? null : Base64.getEncoder().encodeToString(line.key()));
            record.put("value", Base64.getEncoder().encodeToString(line.value()));
            if (!headers.isEmpty()) {
                ArrayNode array = record.putArray("headers");
                headers.forEach((k, v) -> array.addObject().put("key", k)
                        .put("value", Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            }
            if (records.size() >= batch) {
                flush();
            }
        }

        void flush() {
            if (records.isEmpty()) {
                return;
            }
            ObjectNode body = GatewayClient.mapper().createObjectNode();
            body.set("records", records);
            JsonNode answer = call.gateway().post(path, GatewayClient.BINARY_V2, body);
            for (JsonNode offset : answer.path("offsets")) {
                perPartition.merge(offset.path("partition").asInt(), 1L, Long::sum);
            }
            sent += records.size();
            records = GatewayClient.mapper().createArrayNode();
            progress.maybeReport(sent);
        }

        void report(String topic) {
            if (call.json()) {
                ObjectNode summary = GatewayClient.mapper().createObjectNode().put("topic", topic).put("records", sent);
                ObjectNode partitions = summary.putObject("partitions");
                perPartition.forEach((p, n) -> partitions.put(Integer.toString(p), n));
                call.printJson(summary);
            } else {
                call.out().printf(Locale.ROOT, "produced %d records to %s in %.1f s %s%n", sent, topic,
                        progress.elapsedSeconds(), perPartition.isEmpty() ? "" : "(by partition: " + perPartition + ")");
            }
        }
    }
}
