package io.strata.deploy.cli.produce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;

import java.nio.charset.StandardCharsets;

/**
 * Turns one input line of {@code produce} into a record's key and value bytes. With a key separator
 * the line splits at its first occurrence (no separator in the line: the line is the value and the
 * key is null, as kcat's {@code -K} does). In the {@code json} format the value must be one JSON
 * document, stored compacted (as the gateway's JSON format stores it); in the {@code text} format
 * both are the line's UTF-8 bytes as given. Pure; immutable.
 */
public final class LineParser {

    /** How a line's value is read. */
    public enum Format { TEXT, JSON }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String keySeparator;
    private final Format format;

    /** {@code keySeparator} null or empty: no keys. */
    public LineParser(String keySeparator, Format format) {
        this.keySeparator = keySeparator == null || keySeparator.isEmpty() ? null : keySeparator;
        this.format = format;
    }

    /** One line's key (null without) and value. */
    public record Parsed(byte[] key, byte[] value) {
    }

    /** Parses line number {@code lineNumber} (1-based, for the error message). */
    public Parsed parse(String line, long lineNumber) {
        String key = null;
        String value = line;
        if (keySeparator != null) {
            int at = line.indexOf(keySeparator);
            if (at >= 0) {
                key = line.substring(0, at);
                value = line.substring(at + keySeparator.length());
            }
        }
        return new Parsed(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value(value, lineNumber));
    }

    private byte[] value(String value, long lineNumber) {
        if (format == Format.TEXT) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsBytes(JSON.readTree(value));
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.REFUSED, "line " + lineNumber + " is not one JSON document ("
                    + e.getOriginalMessage() + "); use --format text to send lines as they are");
        }
    }
}
