package io.strata.adminui.search;

import io.strata.adminui.problem.ConsoleProblem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A message search as its URL says: {@code by} ({@code key}, {@code header} or {@code json}), the
 * fields of that filter, and where it stands ({@link SearchCursor}). Every value is checked and a
 * bad one named; the fields of the other filters are kept as typed so the form shows them back.
 * {@code filter} is null when no search was asked for (the form alone). Immutable.
 */
public record SearchRequest(String by, String key, String header, String headerValue, String path, String value,
                            SearchCursor cursor, SearchFilter filter) {

    public static final List<String> KINDS = List.of("key", "header", "json");

    /** The longest text accepted in any search field (characters). */
    public static final int MAX_FIELD_LENGTH = 1000;

    public static SearchRequest parse(String by, String key, String header, String headerValue, String path, String value,
                                      String cursor, String matches) {
        String kind = blank(by) ? "" : by.strip().toLowerCase(Locale.ROOT);
        for (String[] field : new String[][] {{"key", key}, {"header", header}, {"header_value", headerValue}, {"path", path}, {"value", value}}) {
            if (field[1] != null && field[1].length() > MAX_FIELD_LENGTH) {
                throw ConsoleProblem.invalid(field[0] + ": at most " + MAX_FIELD_LENGTH + " characters, got " + field[1].length());
            }
        }
        SearchFilter filter = switch (kind) {
            case "" -> null;
            case "key" -> {
                if (key == null || key.isEmpty()) {
                    throw ConsoleProblem.invalid("key: give the key to search for (its exact text)");
                }
                yield SearchFilter.Key.of(key);
            }
            case "header" -> {
                if (blank(header)) {
                    throw ConsoleProblem.invalid("header: give the header's name (and a value, or leave it blank for any)");
                }
                yield SearchFilter.Header.of(header.strip(), blank(headerValue) ? null : headerValue);
            }
            case "json" -> SearchFilter.JsonField.of(JsonPath.parse(path), blank(value) ? null : value.strip());
            default -> throw ConsoleProblem.invalid("by: must be key, header or json, got '" + by.strip() + "'");
        };
        return new SearchRequest(kind, orEmpty(key), orEmpty(header), orEmpty(headerValue), orEmpty(path), orEmpty(value),
                SearchCursor.parse(cursor, matches), filter);
    }

    /** The URL of this search continued from {@code at} (or, with {@link SearchCursor#START}, begun again). */
    public String href(String topicHref, SearchCursor at) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("by", by);
        switch (by) {
            case "key" -> query.put("key", key);
            case "header" -> {
                query.put("header", header);
                query.put("header_value", headerValue);
            }
            default -> {
                query.put("path", path);
                query.put("value", value);
            }
        }
        if (!at.next().isEmpty()) {
            query.put("cursor", at.text());
            query.put("matches", Long.toString(at.matches()));
        }
        return topicHref + "/messages/search?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
