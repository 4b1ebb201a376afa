package io.strata.gateway.admin;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.List;
import java.util.Locale;

/**
 * What {@code GET /admin/topics} is asked for: {@code ?q=} (a case-insensitive substring of the
 * name), {@code ?sort=} (one of {@link #SORT_KEYS}, ties broken by name), {@code ?dir=asc|desc},
 * {@code ?page=} (from 1) and {@code ?size=} (at most {@code admin-list-max-page-size}), and
 * {@code ?fields=all|summary}. Without any of them the answer is the original one: every topic,
 * fully described, as an array. Any of q/sort/dir/page/size asks for a page object instead;
 * {@code fields=summary} leaves out each partition (counts instead). Immutable; a bad value is
 * refused with INVALID_REQUEST naming the parameter.
 */
public record TopicListQuery(String search, String sort, boolean descending, int page, int size, boolean summary, boolean paged) {

    public static final List<String> SORT_KEYS = List.of("name", "partitions", "replication", "under_replicated", "offline");
    static final int DEFAULT_SIZE = 50;

    public static TopicListQuery parse(String q, String sort, String dir, String page, String size, String fields, int maxSize) {
        boolean paged = given(q) || given(sort) || given(dir) || given(page) || given(size);
        String key = given(sort) ? sort.strip() : SORT_KEYS.get(0);
        if (!SORT_KEYS.contains(key)) {
            throw invalid("sort: unknown sort key '" + key + "'; known: " + String.join(", ", SORT_KEYS));
        }
        String direction = given(dir) ? dir.strip().toLowerCase(Locale.ROOT) : "asc";
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw invalid("dir: must be asc or desc, got '" + dir + "'");
        }
        String shape = given(fields) ? fields.strip().toLowerCase(Locale.ROOT) : "all";
        if (!shape.equals("all") && !shape.equals("summary")) {
            throw invalid("fields: must be all or summary, got '" + fields + "'");
        }
        return new TopicListQuery(given(q) ? q.strip() : "", key, direction.equals("desc"),
                number("page", page, Integer.MAX_VALUE, 1, ""), number("size", size, maxSize, DEFAULT_SIZE,
                        " (strata.gateway.admin-list-max-page-size)"), shape.equals("summary"), paged);
    }

    private static int number(String name, String value, int max, int absent, String setting) {
        if (!given(value)) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 1 && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(name + ": must be a whole number from 1 to " + max + setting + ", got '" + value + "'");
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static StrataException invalid(String detail) {
        return new StrataException(ErrorCode.INVALID_REQUEST, detail);
    }
}
