package io.strata.adminui.listing;

import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListPageTest {

    private static final Map<String, Comparator<String>> SORTS = new LinkedHashMap<>();

    static {
        SORTS.put("name", Comparator.naturalOrder());
        SORTS.put("length", Comparator.comparingInt(String::length));
    }

    private static ListQuery query(String q, String sort, String dir, String page, String size) {
        return ListQuery.parse(q, sort, dir, page, size, List.copyOf(SORTS.keySet()), 50, 500, 200);
    }

    @Test
    void filtersSortsWithATieBreakerAndSlices() {
        List<String> all = List.of("orders", "payments", "audit", "order-events", "clicks");
        ListPage<String> page = ListPage.of(all, query(" ORDER", "length", "desc", "1", "1"), Function.identity(), SORTS, "/topics");

        assertThat(page.rows()).containsExactly("order-events");
        assertThat(page.paging().total()).isEqualTo(2);
        assertThat(page.paging().pages()).isEqualTo(2);
        assertThat(page.paging().nextHref()).isEqualTo("/topics?q=ORDER&sort=length&dir=desc&page=2&size=1");
        assertThat(page.paging().sortHref("length")).isEqualTo("/topics?q=ORDER&sort=length&dir=asc&page=1&size=1");
        assertThat(page.paging().sortHref("name")).isEqualTo("/topics?q=ORDER&sort=name&dir=asc&page=1&size=1");
        assertThat(page.paging().ariaSort("length")).isEqualTo("descending");
        assertThat(page.paging().ariaSort("name")).isEqualTo("none");

        List<String> ties = List.of("bb", "aa", "cc");
        assertThat(ListPage.of(ties, query(null, "length", null, null, null), Function.identity(), SORTS, "/x").rows())
                .containsExactly("aa", "bb", "cc");
    }

    @Test
    void aPagePastTheLastShowsTheLastAndAnEmptyListHasOnePage() {
        List<String> all = IntStream.range(0, 25).mapToObj(i -> String.format("t%02d", i)).toList();
        ListPage<String> last = ListPage.of(all, query("", null, null, "9", "10"), Function.identity(), SORTS, "/topics");
        assertThat(last.rows()).containsExactly("t20", "t21", "t22", "t23", "t24");
        assertThat(last.paging().page()).isEqualTo(3);
        assertThat(last.paging().firstRow()).isEqualTo(21);
        assertThat(last.paging().lastRow()).isEqualTo(25);
        assertThat(last.paging().hasNext()).isFalse();

        ListPage<String> none = ListPage.of(List.of(), query("", null, null, null, null), Function.identity(), SORTS, "/topics");
        assertThat(none.paging().pages()).isEqualTo(1);
        assertThat(none.paging().firstRow()).isZero();
    }

    @Test
    void badUrlValuesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> query("", "size", null, null, null)).isInstanceOf(ConsoleProblem.class)
                .hasMessage("sort: unknown sort key 'size'; known: name, length");
        assertThatThrownBy(() -> query("", null, "up", null, null)).hasMessage("dir: must be asc or desc, got 'up'");
        assertThatThrownBy(() -> query("", null, null, "x", null)).hasMessage("page: must be a whole number of at least 1, got 'x'");
        assertThatThrownBy(() -> query("", null, null, null, "0"))
                .hasMessage("size: must be a whole number of at least 1 and at most 500 (strata.admin-ui.max-page-size), got '0'");
        assertThatThrownBy(() -> query("x".repeat(201), null, null, null, null))
                .hasMessage("q: the search text is 201 characters long; the most is 200 (strata.admin-ui.max-search-length)");
    }
}
