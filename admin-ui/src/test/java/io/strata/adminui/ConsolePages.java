package io.strata.adminui;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without JavaScript, for the tests: gets pages and posts forms to the console under
 * test, never following redirects on its own, and parses every answer with jsoup. With
 * {@code htmx} it sends the {@code HX-Request} header as htmx does. It keeps cookies, so after a
 * post to {@code /login} it is signed in.
 */
public final class ConsolePages {

    private final URI base;
    /** Keeps the session cookie of a sign-in (the console's login on), as a browser does. */
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();

    public ConsolePages(URI base) {
        this.base = base;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), false);
    }

    public Page getHtmx(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), true);
    }

    public Page post(String path, Map<String, String> form) {
        return post(path, form, false);
    }

    public Page post(String path, Map<String, String> form, boolean htmx) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), htmx);
    }

    /** Posts the form and, as a browser does after a 303, gets the page it points to. */
    public Page postAndFollow(String path, Map<String, String> form) {
        Page answer = post(path, form);
        assertThat(answer.status()).as("POST %s answered %s", path, answer.body()).isEqualTo(303);
        return get(answer.location());
    }

    /** A form's fields as given, in order. */
    public static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    private Page send(HttpRequest.Builder request, boolean htmx) {
        if (htmx) {
            request.header("HX-Request", "true");
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response, Jsoup.parse(response.body(), base.toString()));
        } catch (IOException e) {
            throw new AssertionError("the console did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** One answer: status, headers, body and its parsed document. */
    public record Page(HttpResponse<String> response, Document doc) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String location() {
            return header("Location");
        }

        /** The one element matching {@code css}; fails naming the selector when there is none. */
        public Element one(String css) {
            Element element = doc.selectFirst(css);
            assertThat(element).as("an element %s in %s", css, body()).isNotNull();
            return element;
        }

        /** The text of the shown problem's detail. */
        public String problemDetail() {
            return one("#problem .problem-detail").text();
        }

        public String problemCode() {
            return one("#problem .problem-code").text();
        }
    }
}
