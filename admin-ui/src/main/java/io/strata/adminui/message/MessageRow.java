package io.strata.adminui.message;

import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;

import java.time.Instant;
import java.util.List;

/** One record as the messages page shows it. Immutable. */
public record MessageRow(int partition, long offset, String timestamp, Payload key, Payload value, List<String> headers) {

    public static MessageRow of(RecordReport record) {
        List<String> headers = record.headers() == null ? List.of() : record.headers().stream().map(MessageRow::header).toList();
        return new MessageRow(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()).toString(),
                Payload.ofBase64(record.key()), Payload.ofBase64(record.value()), headers);
    }

    private static String header(HeaderReport header) {
        Payload value = Payload.ofBase64(header.value());
        return header.key() + "=" + value.text();
    }
}
