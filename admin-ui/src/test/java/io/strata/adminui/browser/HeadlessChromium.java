package io.strata.adminui.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, or {@code -Dstrata.chromium=<path>}) driven headless by
 * Playwright for Java, whose own browser download is skipped: one browser per test class, one
 * fresh context (cookies, storage, clipboard) per test. Where Chromium is missing the tests are
 * skipped with a message saying how to install it. Screenshots go to {@code target/screenshots}, or
 * to {@code -Dstrata.admin-ui.screenshots=docs/screenshots} to refresh the README's.
 *
 * <p>Not thread-safe: Playwright objects belong to the thread that made them (JUnit's, here).
 */
final class HeadlessChromium implements AutoCloseable {

    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;
    private final Path screenshots;

    private HeadlessChromium(Playwright playwright, Browser browser, Path screenshots) {
        this.playwright = playwright;
        this.browser = browser;
        this.screenshots = screenshots;
    }

    /** Launches Chromium, or skips the calling test class when there is none. */
    static HeadlessChromium launchOrSkip() {
        Path chromium = Path.of(System.getProperty("strata.chromium", "/usr/bin/chromium"));
        Assumptions.assumeTrue(Files.isExecutable(chromium), "browser tests skipped: no Chromium at " + chromium
                + " (apt-get install -y chromium, or -Dstrata.chromium=<path to a Chromium>)");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                    .setHeadless(true).setArgs(FLAGS));
            Path screenshots = Files.createDirectories(Path.of(System.getProperty("strata.admin-ui.screenshots", "target/screenshots")));
            return new HeadlessChromium(playwright, browser, screenshots);
        } catch (IOException e) {
            playwright.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh context on the console at {@code base}, light or dark, allowed to use the clipboard. */
    BrowserContext context(URI base, ColorScheme scheme) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(base.toString())
                .setViewportSize(1280, 860).setColorScheme(scheme).setAcceptDownloads(true));
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"), new BrowserContext.GrantPermissionsOptions()
                .setOrigin(base.toString().replaceAll("/$", "")));
        context.setDefaultTimeout(30_000);
        return context;
    }

    /** Saves the whole page as {@code <name>.png}. */
    void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
