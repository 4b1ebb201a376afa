package io.strata.adminui.message;

import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One record as the messages page shows it, as one line of JSON ({@link MessageJson}) and as a curl
 * command that produces it again ({@link CurlCommand}). Immutable.
 */
public record MessageRow(int partition, long offset, String timestamp, Payload key, Payload value, List<String> headers,
                         String json, String curl) {

    /** The record as shown; {@code gateway} is the REST base URL its "copy as curl" command produces to. */
    public static MessageRow of(RecordReport record, URI gateway) {
        List<String> headers = record.headers() == null ? List.of() : record.headers().stream().map(MessageRow::header).toList();
        return new MessageRow(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()).toString(),
                Payload.ofBase64(record.key()), Payload.ofBase64(record.value()), headers, MessageJson.line(record),
                CurlCommand.of(record, gateway));
    }

    /**
     * Whether {@code text} (lower case) is in the record as shown or as its compact JSON line (so
     * {@code "n":4} finds a JSON value whichever way it was typed): the live tail's filter.
     */
    public boolean contains(String lowerCaseText) {
        return json.toLowerCase(Locale.ROOT).contains(lowerCaseText)
                || key.text().toLowerCase(Locale.ROOT).contains(lowerCaseText)
                || value.text().toLowerCase(Locale.ROOT).contains(lowerCaseText)
                || headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).contains(lowerCaseText));
    }

    private static String header(HeaderReport header) {
        Payload value = Payload.ofBase64(header.value());
        return header.key() + "=" + value.text();
    }
}
