package dev.labyrinth.emulator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A packed outcome reads back as the record it stands for, at the edges of each range. */
class PackedOutcomeTest {

  @Test
  void everyKindOfOutcomeSurvivesPackingAndUnpacking() {
    List<AllocOutcome> outcomes = List.of(AllocOutcome.allocated(0), AllocOutcome.allocated(1),
        AllocOutcome.allocated(Long.MAX_VALUE), AllocOutcome.failed(),
        AllocOutcome.blockThenRetry(1), AllocOutcome.blockThenRetry(4_000_000),
        AllocOutcome.blockThenRetry(Long.MAX_VALUE));
    for (AllocOutcome o : outcomes) {
      long packed = PackedOutcome.of(o);
      assertThat(PackedOutcome.toOutcome(packed)).isEqualTo(o);
      assertThat(PackedOutcome.succeeded(packed)).isEqualTo(o.succeeded());
      assertThat(PackedOutcome.mustBlock(packed)).isEqualTo(o.mustBlock());
      assertThat(PackedOutcome.pfn(packed)).isEqualTo(o.pfn());
      assertThat(PackedOutcome.blockNs(packed)).isEqualTo(o.blockNs());
    }
  }

  @Test
  void theRangesDoNotOverlap() {
    assertThat(PackedOutcome.allocated(0)).isZero();
    assertThat(PackedOutcome.FAILED).isEqualTo(-1);
    assertThat(PackedOutcome.blockThenRetry(1)).isEqualTo(-2);
    assertThat(PackedOutcome.blockThenRetry(Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> PackedOutcome.blockThenRetry(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PackedOutcome.allocated(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
