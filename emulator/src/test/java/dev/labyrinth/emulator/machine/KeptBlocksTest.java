package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Packed kept blocks come back oldest first, with their pfn and order intact. */
class KeptBlocksTest {

  @Test
  void blocksComeBackOldestFirstWithTheirPagesCounted() {
    KeptBlocks kept = new KeptBlocks();
    long[][] blocks = {{0, 0}, {123_456_789, 10}, {KeptBlocksTest.maxPfn(), 3}, {7, 1}};
    long pages = 0;
    for (long[] b : blocks) {
      kept.add(b[0], (int) b[1]);
      pages += 1L << b[1];
    }
    assertThat(kept.size()).isEqualTo(4);
    assertThat(kept.pages()).isEqualTo(pages);
    for (long[] b : blocks) {
      long packed = kept.pollOldest();
      assertThat(KeptBlocks.pfnOf(packed)).isEqualTo(b[0]);
      assertThat(KeptBlocks.orderOf(packed)).isEqualTo(b[1]);
      pages -= 1L << b[1];
      assertThat(kept.pages()).isEqualTo(pages);
    }
    assertThat(kept.pollOldest()).isEqualTo(KeptBlocks.NONE);
    assertThat(kept.size()).isZero();
  }

  @Test
  void aBlockThatCannotBePackedIsRefused() {
    KeptBlocks kept = new KeptBlocks();
    assertThatThrownBy(() -> kept.add(maxPfn() + 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> kept.add(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> kept.add(0, 16)).isInstanceOf(IllegalArgumentException.class);
    assertThat(kept.size()).isZero();
  }

  private static long maxPfn() {
    return Long.MAX_VALUE >>> 4;
  }
}
