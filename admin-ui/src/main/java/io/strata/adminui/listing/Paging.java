package io.strata.adminui.listing;

/**
 * Where a list page stands and the links around it: previous, next, and the sort link of each column
 * (the shown column flips direction, any other starts ascending), every one a full URL of the list.
 *
 * <p>Immutable.
 */
public record Paging(ListQuery query, int total, int pages, String basePath) {

    public int page() {
        return query.page();
    }

    /** 1-based index of the first row shown (0 when nothing matches). */
    public int firstRow() {
        return total == 0 ? 0 : (query.page() - 1) * query.size() + 1;
    }

    public int lastRow() {
        return Math.min(total, query.page() * query.size());
    }

    public boolean hasPrevious() {
        return query.page() > 1;
    }

    public boolean hasNext() {
        return query.page() < pages;
    }

    public String previousHref() {
        return basePath + query.withPage(query.page() - 1).queryString();
    }

    public String nextHref() {
        return basePath + query.withPage(query.page() + 1).queryString();
    }

    /** The link that sorts by {@code key}. */
    public String sortHref(String key) {
        boolean desc = key.equals(query.sort()) && !query.descending();
        return basePath + query.withSort(key, desc).queryString();
    }

    /** The column's {@code aria-sort}: ascending, descending or none. */
    public String ariaSort(String key) {
        if (!key.equals(query.sort())) {
            return "none";
        }
        return query.descending() ? "descending" : "ascending";
    }

    /** This very view's URL. */
    public String href() {
        return basePath + query.queryString();
    }
}
