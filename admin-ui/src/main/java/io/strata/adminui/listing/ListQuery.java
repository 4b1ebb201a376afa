package io.strata.adminui.listing;

import io.strata.adminui.problem.ConsoleProblem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What a list page shows, exactly as its URL holds it ({@code ?q=&sort=&dir=&page=&size=}), so that
 * every view of a list is a link: the search text (matched case-insensitively as a substring), the
 * sort key and direction, the page (from 1) and the rows per page. Parsed with every value checked;
 * a bad one is refused naming the parameter and the value.
 *
 * <p>Immutable.
 */
public record ListQuery(String search, String sort, boolean descending, int page, int size) {

    /**
     * Reads the URL's parameters; absent ones take the defaults ({@code sortKeys.get(0)} ascending,
     * page 1, {@code defaultSize}).
     */
    public static ListQuery parse(String search, String sort, String dir, String page, String size,
                                  List<String> sortKeys, int defaultSize, int maxSize, int maxSearchLength) {
        String text = search == null ? "" : search.strip();
        if (text.length() > maxSearchLength) {
            throw ConsoleProblem.invalid("q: the search text is " + text.length() + " characters long; the most is "
                    + maxSearchLength + " (strata.admin-ui.max-search-length)");
        }
        String key = blank(sort) ? sortKeys.get(0) : sort.strip();
        if (!sortKeys.contains(key)) {
            throw ConsoleProblem.invalid("sort: unknown sort key '" + key + "'; known: " + String.join(", ", sortKeys));
        }
        String direction = blank(dir) ? "asc" : dir.strip().toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw ConsoleProblem.invalid("dir: must be asc or desc, got '" + dir + "'");
        }
        int pageNumber = blank(page) ? 1 : number("page", page, 1, Integer.MAX_VALUE);
        int rows = blank(size) ? defaultSize : number("size", size, 1, maxSize);
        return new ListQuery(text, key, direction.equals("desc"), pageNumber, rows);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        String limit = max == Integer.MAX_VALUE ? "" : " and at most " + max
                + (name.equals("size") ? " (strata.admin-ui.max-page-size)" : "");
        throw ConsoleProblem.invalid(name + ": must be a whole number of at least " + min + limit + ", got '" + value + "'");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public boolean hasSearch() {
        return !search.isEmpty();
    }

    public String direction() {
        return descending ? "desc" : "asc";
    }

    public ListQuery withPage(int newPage) {
        return new ListQuery(search, sort, descending, newPage, size);
    }

    public ListQuery withSort(String key, boolean desc) {
        return new ListQuery(search, key, desc, 1, size);
    }

    /** The query string of this state, {@code ?q=…&sort=…&dir=…&page=…&size=…} (empty search left out). */
    public String queryString() {
        StringBuilder query = new StringBuilder("?");
        if (!search.isEmpty()) {
            query.append("q=").append(URLEncoder.encode(search, StandardCharsets.UTF_8)).append('&');
        }
        return query.append("sort=").append(sort).append("&dir=").append(direction())
                .append("&page=").append(page).append("&size=").append(size).toString();
    }
}
