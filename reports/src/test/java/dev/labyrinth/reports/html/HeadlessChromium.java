package dev.labyrinth.reports.html;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts Debian's headless Chromium through Selenium for browser tests. The binary and the driver
 * are set explicitly, so Selenium Manager never tries to download a browser. Without them the
 * test is skipped with the install command, except in CI (the {@code CI} variable is set), where
 * a missing browser fails the build: the browser test must really run there.
 */
public final class HeadlessChromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Skips (locally) or fails (in CI) unless chromium and chromedriver are installed. */
  public static void requireInstalled() {
    boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    String message = "headless Chromium is needed for the browser test: install it with "
        + "`apt-get install chromium chromium-driver` (expects " + BROWSER + " and " + DRIVER
        + ")";
    if (!installed && System.getenv("CI") != null) {
      Assertions.fail("CI is set, so the browser test must run; " + message);
    }
    Assumptions.assumeTrue(installed, message);
  }

  /** A fresh browser with its own profile directory under {@code profileParent}. */
  public static ChromeDriver start(Path profileParent) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1100,900",
        "--user-data-dir=" + Files.createTempDirectory(profileParent, "chromium-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
