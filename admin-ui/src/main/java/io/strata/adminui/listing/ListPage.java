package io.strata.adminui.listing;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a list, cut on the server from the whole list: filtered by the query's search text,
 * sorted by its key (ties broken by the first key, so a page's rows never depend on the order the
 * gateway answered in), then sliced. A page past the last one shows the last.
 *
 * <p>Immutable; {@code rows} is the page only, {@code total} counts every matching row.
 */
public record ListPage<T>(List<T> rows, Paging paging) {

    /**
     * Cuts the page {@code query} asks for out of {@code all}. {@code sorts} maps each sort key to its
     * ascending order; its first entry is also the tie-breaker.
     */
    public static <T> ListPage<T> of(List<T> all, ListQuery query, Function<T, String> searchText,
                                     Map<String, Comparator<T>> sorts, String basePath) {
        String needle = query.search().toLowerCase(Locale.ROOT);
        Comparator<T> tieBreaker = sorts.values().iterator().next();
        Comparator<T> order = sorts.get(query.sort());
        order = (query.descending() ? order.reversed() : order).thenComparing(tieBreaker);
        List<T> matching = all.stream()
                .filter(row -> needle.isEmpty() || searchText.apply(row).toLowerCase(Locale.ROOT).contains(needle))
                .sorted(order)
                .toList();
        int pages = Math.max(1, (matching.size() + query.size() - 1) / query.size());
        ListQuery shown = query.withPage(Math.min(query.page(), pages));
        int from = (shown.page() - 1) * shown.size();
        List<T> rows = matching.subList(Math.min(from, matching.size()), Math.min(from + shown.size(), matching.size()));
        return new ListPage<>(List.copyOf(rows), new Paging(shown, matching.size(), pages, basePath));
    }
}
