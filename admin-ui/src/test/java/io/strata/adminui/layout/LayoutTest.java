package io.strata.adminui.layout;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every page shares: the navigation (the current page marked for screen readers), the skip
 * link, the problem region, the styles (dark mode from the system) and htmx served from its web
 * jar; and how a problem is shown, as a whole page and to an htmx request.
 */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class LayoutTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyPageHasTheNavigationTheSkipLinkAndAnEmptyProblemRegion() {
        ConsolePages pages = new ConsolePages(base);
        for (String[] page : new String[][] {{"/cluster", "Cluster"}, {"/topics", "Topics"}, {"/groups", "Consumer groups"}}) {
            ConsolePages.Page shown = pages.get(page[0]);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.doc().select("nav[aria-label=Main] a").eachText()).containsSubsequence("Cluster", "Topics", "Consumer groups");
            assertThat(shown.doc().select("nav a[aria-current=page]").eachText()).containsExactly(page[1]);
            assertThat(shown.one("a.skip").attr("href")).isEqualTo("#main");
            assertThat(shown.one("main#main")).isNotNull();
            Element problem = shown.one("#problem");
            assertThat(problem.attr("role")).isEqualTo("alert");
            assertThat(problem.hasAttr("hidden")).isTrue();
            assertThat(shown.one("html").attr("lang")).isEqualTo("en");
            assertThat(shown.one("body").attr("hx-boost")).isEqualTo("true");
            for (Element input : shown.doc().select("input:not([type=hidden]), select, textarea")) {
                assertThat(shown.doc().select("label[for=" + input.id() + "]")).as("a label for %s", input).hasSize(1);
            }
        }
    }

    @Test
    void theRootIsTheClusterPage() {
        ConsolePages.Page root = new ConsolePages(base).get("/");
        assertThat(root.status()).isEqualTo(303);
        assertThat(root.location()).endsWith("/cluster");
    }

    @Test
    void stylesFollowTheSystemsColourSchemeAndHtmxIsServedFromItsWebJar() {
        ConsolePages pages = new ConsolePages(base);
        ConsolePages.Page cluster = pages.get("/cluster");
        String htmx = cluster.one("script[src*=htmx]").attr("src");
        ConsolePages.Page script = pages.get(htmx);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("htmx");
        ConsolePages.Page css = pages.get(cluster.one("link[rel=stylesheet]").attr("href"));
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("@media (prefers-color-scheme: dark)", "color-scheme: light dark", ":focus-visible");
        assertThat(cluster.one("meta[name=htmx-config]").attr("content")).contains("\"[45]..\"", "\"swap\":true");
    }

    @Test
    void aProblemIsAWholePageForALinkAndOnlyTheProblemRegionForHtmx() {
        ConsolePages pages = new ConsolePages(base);
        ConsolePages.Page page = pages.get("/topics?sort=bogus");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.problemDetail()).isEqualTo("sort: unknown sort key 'bogus'; known: name, partitions, replication, under_replicated, offline");
        assertThat(page.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(page.doc().select("nav[aria-label=Main]")).hasSize(1);

        ConsolePages.Page fragment = pages.getHtmx("/topics?page=0");
        assertThat(fragment.status()).isEqualTo(400);
        assertThat(fragment.header("HX-Retarget")).isEqualTo("#problem");
        assertThat(fragment.header("HX-Reswap")).isEqualTo("outerHTML");
        assertThat(fragment.doc().select("nav")).isEmpty();
        assertThat(fragment.problemDetail()).isEqualTo("page: must be a whole number of at least 1, got '0'");

        ConsolePages.Page missing = pages.get("/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemDetail()).isEqualTo("no page here: check the address");
    }
}
