package org.slurmllm.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The web console in the machine's own Chromium (Debian's, installed by {@code bin/slurm-llm
 * test}), driven by Playwright: one browser per test class, a fresh context (no session storage, no
 * cookies) per page, so every test signs in like a new admin. Page errors are collected, and every
 * page can be saved as a screenshot under {@code target/console-screenshots}.
 */
public final class Console implements AutoCloseable {

  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final String CHROMIUM = System.getProperty("it.chromium", "/usr/bin/chromium");

  private final Playwright playwright;
  private final Browser browser;
  private final String base;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  /** A browser for the console of the server at {@code base} (http://host:port). */
  public Console(String base) {
    this.base = base;
    // the driver is in the jar; the browser is the system's: Playwright must never download one
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(CHROMIUM))
                    .setHeadless(true)
                    // as root Chromium needs --no-sandbox; the rest keep it off the closed network
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  public static Console ofTestServer() {
    return new Console("http://127.0.0.1:" + System.getProperty("it.http.port", "8180"));
  }

  public String base() {
    return base;
  }

  /** A new tab in a new, empty browser context at 1280x800. */
  public Page page() {
    return page(1280, 800);
  }

  public Page page(int width, int height) {
    return page(new Browser.NewContextOptions().setViewportSize(width, height));
  }

  /**
   * A new tab at 1280x800 whose browser lives in {@code timezoneId} and speaks US English: what the
   * console shows as local time is then known, whatever the machine's own zone.
   */
  public Page pageIn(String timezoneId) {
    return page(
        new Browser.NewContextOptions()
            .setViewportSize(1280, 800)
            .setTimezoneId(timezoneId)
            .setLocale("en-US"));
  }

  private Page page(Browser.NewContextOptions options) {
    BrowserContext context = browser.newContext(options);
    contexts.add(context);
    Page page = context.newPage();
    page.setDefaultTimeout(30_000);
    page.onPageError(e -> errors.add(e));
    page.onConsoleMessage(
        m -> {
          // a failed load is the network's (a stream cut when a test ends), not a script error
          if (m.type().equals("error") && !m.text().startsWith("Failed to load resource")) {
            errors.add(m.text());
          }
        });
    return page;
  }

  /** Opens the console, types the key into its password field and presses Enter. */
  public Page signIn(String key) {
    return signIn(page(), key);
  }

  public Page signIn(Page page, String key) {
    page.navigate(base + "/console/");
    page.getByLabel("API key").fill(key);
    page.getByLabel("API key").press("Enter");
    page.locator("#nav a").first().waitFor();
    return page;
  }

  /** Goes to a page of the console (#/path) and waits until it has drawn what it loaded. */
  public void open(Page page, String path) {
    page.navigate(base + "/console/#/" + path);
    page.locator("#page[data-ready='" + path + "']")
        .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
  }

  /** Saves the whole page as target/console-screenshots/NAME.png. */
  public void shot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** Closes every page opened so far; answers their script errors (uncaught or logged). */
  public List<String> closePages() {
    contexts.forEach(BrowserContext::close);
    contexts.clear();
    List<String> seen = List.copyOf(errors);
    errors.clear();
    return seen;
  }

  @Override
  public void close() {
    contexts.forEach(BrowserContext::close);
    browser.close();
    playwright.close();
  }
}
