package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labyrinth inspect}: Sample A's figures and each view's layout. */
class InspectCommandTest {
  private static final String SAMPLE_A = CliHarness.scenario("zoneinfo-sample-a.yaml").toString();

  private static String inspect(String view, String... extra) {
    String[] args = {"inspect", SAMPLE_A, "--view", view};
    String[] all = Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    CliHarness.Result r = CliHarness.run(all);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  @Test
  void zoneinfoPrintsSampleAExactly() {
    String out = inspect("zoneinfo", "--at", "1ms");
    assertThat(out).contains(String.join("\n",
        "Node 0, zone      DMA",
        "  per-node stats"));
    assertThat(out).contains(String.join("\n",
        "        min      32",
        "        low      40",
        "        high     48"));
    assertThat(out).contains("        protection: (0, 3237, 7994, 7994)\n");
    assertThat(out).contains(String.join("\n",
        "Node 0, zone    DMA32",
        "  pages free     828852",
        "        boost    0",
        "        min      6829",
        "        low      8536",
        "        high     10243"));
    assertThat(out).contains("        protection: (0, 0, 4756, 4756)\n");
    assertThat(out).contains(String.join("\n",
        "Node 0, zone   Normal",
        "  pages free     1217664",
        "        boost    0",
        "        min      10033",
        "        low      12541",
        "        high     15049"));
    // The unpopulated Movable zone stops after its protection line.
    assertThat(out).endsWith("        protection: (0, 0, 0, 0)\n");
    assertThat(out).contains(String.join("\n",
        "  pagesets",
        "    cpu: 0",
        "              count:    0"));
    assertThat(out).contains("\n  node_unreclaimable:  0\n  start_pfn:           4096\n");
    assertThat(out.split("\n    cpu: ", -1)).hasSize(1 + 3 * 8);
  }

  @Test
  void buddyinfoHasOneLinePerPopulatedZoneWithTrailingSpace() {
    List<String> lines = Arrays.asList(inspect("buddyinfo").split("\n"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("Node 0, zone      DMA ").endsWith(" ");
    assertThat(lines.get(2)).matches("Node 0, zone   Normal ( {0,5}\\d+ ){11}");
  }

  @Test
  void pagetypeinfoLayout() {
    String out = inspect("pagetypeinfo");
    assertThat(out).startsWith("Page block order: 9\nPages per block:  512\n\n"
        + "Free pages count per migrate type at order       0      1");
    assertThat(out).contains("Node    0, zone   Normal, type      Movable ");
    assertThat(out).contains("\nNumber of blocks type     Unmovable      Movable  Reclaimable"
        + "   HighAtomic      Isolate \n");
    assertThat(out).contains("Node 0, zone    DMA32            0         1619 ");
  }

  @Test
  void vmstatIsNameSpaceValueInLinuxOrder() {
    List<String> lines = Arrays.asList(inspect("vmstat").split("\n"));
    assertThat(lines).allMatch(l -> l.matches("[a-z0-9_]+ -?\\d+"));
    assertThat(lines.get(0)).isEqualTo("nr_free_pages 2050416");
    assertThat(lines.indexOf("pgalloc_normal 0")).isLessThan(lines.indexOf("pgfree 0"));
    assertThat(lines.indexOf("pgsteal_kswapd 0")).isLessThan(lines.indexOf("pgscan_kswapd 0"));
    assertThat(lines.indexOf("nr_unstable 0")).isLessThan(lines.indexOf("alloc_fail 0"));
    assertThat(lines).contains("compact_stall 0", "oom_kill 0", "allocstall_normal 0");
  }

  @Test
  void timelineSysctlRecomputesWatermarksAtItsTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, String.join("\n",
        "name: timeline",
        "duration: 1s",
        "machine:",
        "  cpus: 2",
        "  memory: 1GiB",
        "  reclaim: {cost_per_page: 2us, page_cache: 64MiB}",
        "timeline:",
        "  - {at: 100ms, sysctl: {vm.min_free_kbytes: 16384, vm.watermark_scale_factor: 100}}",
        ""), StandardCharsets.UTF_8);
    String before = CliHarness.run("inspect", file.toString(), "--view", "zoneinfo", "--at",
        "99ms").out();
    String after = CliHarness.run("inspect", file.toString(), "--view", "zoneinfo", "--at",
        "100ms").out();
    assertThat(before).contains("Node 0, zone    DMA32\n  pages free");
    assertThat(before).doesNotContain("        min      4035\n");
    // 16384 kB = 4096 pages split over DMA (3840) and DMA32 (254016): DMA32 gets 4096 x 254016 / 257856 = 4035.
    assertThat(after).contains("        min      4035\n");
    assertThat(after).contains("        low      " + (4035 + 254016 * 100 / 10000) + "\n");
    String vmstat = CliHarness.run("inspect", file.toString(), "--view", "vmstat").out();
    assertThat(vmstat).contains("nr_zone_inactive_file 16384\n");
  }

  @Test
  void setOverridesAndBadTime() {
    assertThat(inspect("zoneinfo", "--set", "vm.min_free_kbytes=4096")).doesNotContain(
        "min      10033");
    CliHarness.Result r = CliHarness.run("inspect", SAMPLE_A, "--view", "zoneinfo", "--at", "5");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).doesNotContain("Exception");
  }
}
