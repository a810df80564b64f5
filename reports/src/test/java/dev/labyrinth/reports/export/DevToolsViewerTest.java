package dev.labyrinth.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.labyrinth.reports.html.HeadlessChromium;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens the Chrome export of the shipped sensor scenario in a real trace viewer: the Chrome
 * DevTools front end that Chromium serves on its remote-debugging port
 * ({@code /devtools/trace_app.html}, the Performance panel on its own). Two checks:
 *
 * <ul>
 *   <li>the Performance panel loads the file through its {@code loadTimelineFromURL} parameter
 *       (the test waits for its flame chart and for its loading status to go) and logs no error (DevTools reports broken nesting as "Begin/End events mismatch");
 *       the screenshot is kept in {@code reports/target/browser/};
 *   <li>DevTools' own trace engine ({@code models/trace/trace.js}, what the panel parses with)
 *       parses the same file, and every CPU track arrives as a named thread holding every one of
 *       its slices, nested as deep as hardirq in softirq in task.
 * </ul>
 *
 * <p>The JSON is served from a local HTTP server; DevTools' content security policy only lets
 * it fetch from its own origin, so the test turns CSP off for the page through the DevTools
 * protocol ({@code Page.setBypassCSP}), as a user would open the file with "Load profile".
 */
class DevToolsViewerTest {

  static final Path ROOT = Path.of(System.getProperty("labyrinth.root", "..")).toAbsolutePath()
      .normalize();
  static final Path ARTIFACTS = Path.of("target", "browser");

  @TempDir
  static Path dir;

  @BeforeAll
  static void browserInstalled() throws Exception {
    HeadlessChromium.requireInstalled();
    Files.createDirectories(ARTIFACTS);
  }

  @Test
  void devToolsPerformancePanelLoadsTheSensorExport() throws Exception {
    Path export = ARTIFACTS.resolve("imu-sensor.chrome.json");
    try (OutputStream out = Files.newOutputStream(export)) {
      ChromeTraceExporter.export(ROOT.resolve("scenarios/imu-sensor.golden.jsonl.gz"), out);
    }
    Map<String, Long> slicesPerThread = slicesPerThread(export);
    assertThat(slicesPerThread).containsKeys("1000", "1001");

    HttpServer server = serve(export);
    ChromeDriver browser = HeadlessChromium.start(dir);
    try {
      String fileUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/trace.json";
      String devtools = "http://" + debuggerAddress(browser) + "/devtools/trace_app.html";
      browser.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
      browser.get(devtools + "?loadTimelineFromURL=" + fileUrl);
      waitForThePanelToLoadTheTrace(browser);
      Files.write(ARTIFACTS.resolve("imu-sensor-devtools.png"),
          browser.getScreenshotAs(OutputType.BYTES));
      assertThat(errors(browser)).as("DevTools console while loading the export").isEmpty();

      // Only now, with the panel done: the trace engine's handlers keep module-level state, so
      // a second parse running beside the panel's own would corrupt both.
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = (Map<String, Object>) browser.executeAsyncScript(
          PARSE_WITH_DEVTOOLS_ENGINE, fileUrl);
      assertThat(parsed.get("error")).as("DevTools trace engine").isNull();
      assertThat(parsed.get("generic")).as("a trace that is not Chrome's own").isEqualTo(true);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> threads = (List<Map<String, Object>>) parsed.get("threads");
      Map<String, Long> parsedSlices = new TreeMap<>();
      for (Map<String, Object> thread : threads) {
        assertThat(thread.get("pid")).isEqualTo(1L);
        assertThat(thread.get("name")).isEqualTo("cpu" + ((Long) thread.get("tid") - 1000));
        assertThat((Long) thread.get("maxDepth")).as("task, softirq, hardirq")
            .isBetween(2L, 3L);
        parsedSlices.put(String.valueOf(thread.get("tid")), (Long) thread.get("entries"));
      }
      assertThat(parsedSlices).as("slices DevTools holds per CPU thread")
          .isEqualTo(slicesPerThread);
      assertThat(errors(browser)).as("DevTools console after parsing the export").isEmpty();
    } finally {
      browser.quit();
      server.stop(0);
    }
  }

  /** Counts the {@code X} slices per CPU thread of the export, as DevTools should hold them. */
  private static Map<String, Long> slicesPerThread(Path export) throws Exception {
    JsonNode root = new ObjectMapper().readTree(export.toFile());
    Map<String, Long> counts = new TreeMap<>();
    for (JsonNode event : root.get("traceEvents")) {
      if (event.get("ph").asText().equals("X")) {
        counts.merge(event.get("tid").asText(), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static HttpServer serve(Path file) throws Exception {
    byte[] body = Files.readAllBytes(file);
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/trace.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }

  /** Where ChromeDriver's browser listens for the DevTools protocol, and serves DevTools. */
  private static String debuggerAddress(ChromeDriver browser) {
    Map<?, ?> options = (Map<?, ?>) browser.getCapabilities().getCapability("goog:chromeOptions");
    return String.valueOf(options.get("debuggerAddress"));
  }

  /**
   * Waits until the Performance panel shows the trace: its flame chart exists and its loading
   * status ("Processing trace...") is gone, twice in a row half a second apart. The panel lives
   * in shadow roots, so the page is walked through them.
   */
  private static void waitForThePanelToLoadTheTrace(ChromeDriver browser)
      throws InterruptedException {
    String probe = """
        const classes = new Set();
        const walk = root => {
          for (const element of root.querySelectorAll('*')) {
            element.classList.forEach(name => classes.add(name));
            if (element.shadowRoot) walk(element.shadowRoot);
          }
        };
        walk(document);
        return classes.has('timeline-flamechart') && !classes.has('status-dialog-line');
        """;
    int readyInARow = 0;
    for (int i = 0; i < 240 && readyInARow < 2; i++) {
      Thread.sleep(500);
      readyInARow = Boolean.TRUE.equals(browser.executeScript(probe)) ? readyInARow + 1 : 0;
    }
    assertThat(readyInARow).as("the Performance panel finished loading the trace within 2 min")
        .isEqualTo(2);
  }

  private static List<String> errors(ChromeDriver browser) {
    List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
    return entries.stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        // The remote-debugging server has no icon; that 404 is the browser's, not the trace's.
        .filter(message -> !message.contains("/favicon.ico "))
        .collect(Collectors.toList());
  }

  /**
   * Runs in the DevTools page: imports the trace engine the Performance panel uses, parses the
   * file with all its handlers, and returns each thread of each process with its slice count and
   * nesting depth.
   */
  private static final String PARSE_WITH_DEVTOOLS_ENGINE = """
      const done = arguments[arguments.length - 1];
      const url = arguments[0];
      (async () => {
        const engine = await import('./models/trace/trace.js');
        const file = await (await fetch(url)).json();
        const model = engine.TraceModel.Model.createWithAllHandlers();
        await model.parse(file.traceEvents, {});
        const parsed = model.parsedTrace(0);
        const data = parsed.data ?? parsed;
        const threads = [];
        for (const [pid, process] of data.Renderer.processes) {
          for (const [tid, thread] of process.threads) {
            threads.push({pid, tid, name: thread.name, entries: thread.entries.length,
                maxDepth: thread.tree ? thread.tree.maxDepth : -1});
          }
        }
        return {generic: data.Meta.traceIsGeneric, threads};
      })().then(done, e => done({error: String(e && e.stack || e)}));
      """;
}
