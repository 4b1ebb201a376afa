package io.strata.deploy.cli.format;

import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.consume.ConsumedRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A kcat-style output format ({@code consume -f}), parsed once and applied to every record:
 *
 * <pre>
 * %t topic      %p partition   %o offset      %T timestamp (ms)
 * %k key        %s value       %K key length  %S value length (-1 when null)
 * %h headers as k1=v1,k2=v2    %%  a percent sign
 * \n newline    \t tab         \r return      \\ backslash
 * </pre>
 *
 * A null key or value prints as nothing (kcat's default); bytes that are not UTF-8 print with the
 * replacement character. Unknown directives or escapes are refused when parsed, naming the position.
 * Immutable; thread-safe.
 */
public final class RecordFormat {

    /** The format without {@code -f}: the value, one per line. */
    public static final String DEFAULT = "%s\\n";

    private final List<Part> parts;

    private RecordFormat(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    private sealed interface Part permits Literal, Field {
    }

    private record Literal(String text) implements Part {
    }

    private record Field(char directive) implements Part {
    }

    /** Parses {@code format}; a usage error names the bad directive or escape and its position. */
    public static RecordFormat parse(String format) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' && c != '\\') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= format.length()) {
                throw CliException.usage("the format ends in a lone '" + c + "' (use %% or \\\\ for the character itself)");
            }
            char next = format.charAt(++i);
            if (c == '\\') {
                literal.append(escape(next, i));
            } else if (next == '%') {
                literal.append('%');
            } else if ("tpoTksKSh".indexOf(next) >= 0) {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Field(next));
            } else {
                throw CliException.usage("unknown format directive '%" + next + "' at position " + i
                        + " (known: %t %p %o %T %k %s %K %S %h %%)");
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new RecordFormat(parts);
    }

    private static char escape(char c, int position) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '\\' -> '\\';
            default -> throw CliException.usage("unknown escape '\\" + c + "' at position " + position
                    + " (known: \\n \\t \\r \\\\)");
        };
    }

    /** The record as this format prints it. */
    public String apply(ConsumedRecord record) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else {
                out.append(field(((Field) part).directive(), record));
            }
        }
        return out.toString();
    }

    private static String field(char directive, ConsumedRecord record) {
        return switch (directive) {
            case 't' -> record.topic();
            case 'p' -> Integer.toString(record.partition());
            case 'o' -> Long.toString(record.offset());
            case 'T' -> Long.toString(record.timestamp());
            case 'k' -> text(record.key());
            case 's' -> text(record.value());
            case 'K' -> Integer.toString(record.key() == null ? -1 : record.key().length);
            case 'S' -> Integer.toString(record.value() == null ? -1 : record.value().length);
            case 'h' -> headers(record.headers());
            default -> throw new IllegalStateException("directive checked when parsed: " + directive);
        };
    }

    private static String headers(List<ConsumedRecord.Header> headers) {
        List<String> pairs = new ArrayList<>(headers.size());
        for (ConsumedRecord.Header header : headers) {
            pairs.add(header.key() + "=" + text(header.value()));
        }
        return String.join(",", pairs);
    }

    /** Bytes as UTF-8 text; null as the empty string. */
    public static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
