package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every number of linux-mm.md 3.1, 3.3, 3.5 and zoneinfo-samples.md A, B, C. */
class WatermarksTest {
  private static final int[] RATIOS = {256, 256, 32, 0};

  private static long[] managed(long dma, long dma32, long normal) {
    return new long[] {dma, dma32, normal, 0};
  }

  @ParameterizedTest
  @CsvSource({"16384,512", "65536,1024", "1048576,4096", "4194304,8192", "16777216,16384",
      "16415360,16206", "32768,724", "1024,128", "4398046511104,262144"})
  void defaultMinFreeKbytesTable(long lowmemKbytes, int expected) {
    assertThat(Watermarks.calculateMinFreeKbytes(lowmemKbytes, -1, 1024)).isEqualTo(expected);
  }

  @Test
  void userValueWinsOverSmallerDefault() {
    assertThat(Watermarks.calculateMinFreeKbytes(16384, 67584, 67584)).isEqualTo(67584);
  }

  @Test
  void intSqrtIsExact() {
    assertThat(Watermarks.intSqrt(262645760)).isEqualTo(16206);
    assertThat(Watermarks.intSqrt(Long.MAX_VALUE)).isEqualTo(3037000499L);
    assertThat(Watermarks.intSqrt(16)).isEqualTo(4);
    assertThat(Watermarks.intSqrt(15)).isEqualTo(3);
  }

  // linux-mm.md 3.3 and zoneinfo-samples.md sample C.
  @Test
  void sixteenGibWorkedExample() {
    long[] m = managed(3840, 700000, 3400000);
    assertThat(Watermarks.nrFreeBufferPages(m, new long[4])).isEqualTo(4103840);
    assertThat(Watermarks.calculateMinFreeKbytes(4103840L * 4, -1, 1024)).isEqualTo(16206);
    assertThat(Watermarks.thpRecommendedMinFreeKbytes(3, 4103840, 16206)).isEqualTo(67584);
    long[][] w = Watermarks.setupPerZoneWmarks(m, 67584, 10);
    assertThat(w[0]).containsExactly(15, 18, 21, 24);
    assertThat(w[1]).containsExactly(2881, 3601, 4321, 5041);
    assertThat(w[2]).containsExactly(13998, 17497, 20996, 24495);
    long[][] r = Watermarks.setupPerZoneLowmemReserve(m, RATIOS);
    // A 6.18 kernel prints a fifth entry for the empty Device zone, equal to the fourth.
    assertThat(r[0]).containsExactly(0, 2734, 16015, 16015);
    assertThat(r[1]).containsExactly(0, 0, 13281, 13281);
    assertThat(r[2]).containsExactly(0, 0, 0, 0);
    assertThat(r[3]).containsExactly(0, 0, 0, 0);
  }

  @Test
  void sampleA_threeZoneUbuntu32() {
    long[] m = managed(3900, 828852, 1217664);
    long[][] w = Watermarks.setupPerZoneWmarks(m, 67584, 10);
    assertThat(new long[] {w[0][0], w[0][1], w[0][2]}).containsExactly(32, 40, 48);
    assertThat(new long[] {w[1][0], w[1][1], w[1][2]}).containsExactly(6829, 8536, 10243);
    assertThat(new long[] {w[2][0], w[2][1], w[2][2]}).containsExactly(10033, 12541, 15049);
    // zoneinfo-samples.md says the mins "sum to 16895"; 32 + 6829 + 10033 is 16894 (floors).
    assertThat(w[0][0] + w[1][0] + w[2][0]).isEqualTo(16894);
    long[][] r = Watermarks.setupPerZoneLowmemReserve(m, RATIOS);
    assertThat(r[0]).containsExactly(0, 3237, 7994, 7994);
    assertThat(r[1]).containsExactly(0, 0, 4756, 4756);
    assertThat(r[2]).containsExactly(0, 0, 0, 0);
  }

  @Test
  void sampleB_singleDmaZoneUsesDefaultRule() {
    long[] m = managed(8192, 0, 0);
    int minFree = Watermarks.calculateMinFreeKbytes(
        Watermarks.nrFreeBufferPages(m, new long[4]) * 4, -1, 1024);
    assertThat(minFree).isEqualTo(724);
    long[][] w = Watermarks.setupPerZoneWmarks(m, minFree, 10);
    assertThat(new long[] {w[0][0], w[0][1], w[0][2]}).containsExactly(181, 226, 271);
    assertThat(Watermarks.setupPerZoneLowmemReserve(m, RATIOS)[0]).containsExactly(0, 0, 0, 0);
  }

  @Test
  void scaleFactorGapWinsOnLargeZones() {
    long[] m = managed(3840, 700000, 30000000);
    long[][] w = Watermarks.setupPerZoneWmarks(m, 67584, 10);
    long share = 16896L * 30000000 / 30703840;
    assertThat(w[2][0]).isEqualTo(share);
    assertThat(w[2][1] - w[2][0]).isEqualTo(30000);
    long[][] w200 = Watermarks.setupPerZoneWmarks(m, 67584, 200);
    assertThat(w200[2][1] - w200[2][0]).isEqualTo(600000);
  }

  @Test
  void movableZoneMinIsClampedNotProportional() {
    long[] m = {3840, 700000, 1000000, 2000000};
    long[][] w = Watermarks.setupPerZoneWmarks(m, 67584, 10);
    assertThat(w[3][0]).isEqualTo(128);
    long share = 16896L * 2000000 / 1703840;
    assertThat(w[3][1] - w[3][0]).isEqualTo(Math.max(share / 4, 2000));
    long[] small = {3840, 700000, 1000000, 10000};
    assertThat(Watermarks.setupPerZoneWmarks(small, 67584, 10)[3][0]).isEqualTo(32);
  }

  @Test
  void ratioZeroOrEmptyZoneClearsReserve() {
    long[] m = managed(3840, 700000, 3400000);
    long[][] r = Watermarks.setupPerZoneLowmemReserve(m, new int[] {0, 256, 32, 0});
    assertThat(r[0]).containsExactly(0, 0, 0, 0);
    assertThat(r[1]).containsExactly(0, 0, 13281, 13281);
    long[][] r2 = Watermarks.setupPerZoneLowmemReserve(managed(0, 700000, 3400000), RATIOS);
    assertThat(r2[0]).containsExactly(0, 0, 0, 0);
  }

  @Test
  void boostGrowsByPageblockUpToFactorOfHigh() {
    // Normal zone of the 16 GiB example: HIGH 20996, factor 15000 -> max boost 31494.
    assertThat(Watermarks.boostWatermark(0, 3400000, 20996, 15000)).isEqualTo(512);
    assertThat(Watermarks.boostWatermark(31000, 3400000, 20996, 15000)).isEqualTo(31494);
    assertThat(Watermarks.boostWatermark(31494, 3400000, 20996, 15000)).isEqualTo(31494);
    // DMA: fewer than four pageblocks managed, no boost.
    assertThat(Watermarks.boostWatermark(0, 2047, 21, 15000)).isEqualTo(-1);
    assertThat(Watermarks.boostWatermark(0, 3400000, 20996, 0)).isEqualTo(-1);
    assertThat(Watermarks.boostWatermark(0, 3400000, 0, 15000)).isEqualTo(-1);
    // Small HIGH: the cap is at least one pageblock.
    assertThat(Watermarks.boostWatermark(0, 4096, 100, 15000)).isEqualTo(512);
    assertThat(Watermarks.boostWatermark(512, 4096, 100, 15000)).isEqualTo(512);
  }

  @Test
  void multFracMatchesLinux() {
    assertThat(Watermarks.multFrac(3400000, 10, 10000)).isEqualTo(3400);
    assertThat(Watermarks.multFrac(828852, 10, 10000)).isEqualTo(828);
    assertThat(Watermarks.multFrac(Long.MAX_VALUE / 2, 3000, 10000))
        .isEqualTo(Long.MAX_VALUE / 2 / 10000 * 3000 + (Long.MAX_VALUE / 2 % 10000) * 3000 / 10000);
  }

  @Test
  void fromMemoryBytesLayout() {
    ZoneLayout l = ZoneLayout.fromMemoryBytes(16L << 30);
    assertThat(l.zones()).hasSize(3);
    ZoneSpec dma = l.zones().get(0);
    assertThat(dma.startPfn()).isEqualTo(1);
    assertThat(dma.spannedPages()).isEqualTo(4095);
    assertThat(dma.presentPages()).isEqualTo(3999);
    assertThat(dma.managedPages()).isEqualTo(3840);
    ZoneSpec dma32 = l.zones().get(1);
    assertThat(dma32.spannedPages()).isEqualTo(1048576 - 4096);
    assertThat(dma32.managedPages()).isEqualTo(1044480 - 16320);
    ZoneSpec normal = l.zones().get(2);
    assertThat(normal.startPfn()).isEqualTo(1048576);
    assertThat(normal.managedPages()).isEqualTo(3145728 - 49152);
    assertThat(ZoneLayout.fromMemoryBytes(1L << 30).zones()).hasSize(2);
  }
}
