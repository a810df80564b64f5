package dev.labyrinth.emulator.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceLinesTest {

  private static final String ENTRY = "{\"t\":5,\"ev\":\"irq_handler_entry\",\"cpu\":0,"
      + "\"ctx\":\"hardirq\",\"comm\":\"a\\\"b,c\",\"pid\":0,\"irq\":2,\"name\":\"imu\","
      + "\"latency_ns\":120}";

  @Test
  void eventNameOfARecordAndOfTheHeader() {
    assertThat(TraceLines.eventName(ENTRY)).isEqualTo("irq_handler_entry");
    assertThat(TraceLines.eventName("{\"format\":\"labyrinth-trace\",\"ev\":\"x\"}")).isEmpty();
  }

  @Test
  void removesKeysWithoutTouchingStringsThatLookLikeKeys() {
    assertThat(TraceLines.withoutKeys(ENTRY, List.of("latency_ns", "comm")))
        .isEqualTo("{\"t\":5,\"ev\":\"irq_handler_entry\",\"cpu\":0,\"ctx\":\"hardirq\","
            + "\"pid\":0,\"irq\":2,\"name\":\"imu\"}");
    String header = "{\"format\":\"labyrinth-trace\",\"overrides\":[\"a=1\",\"b]\"],\"seed\":4}";
    assertThat(TraceLines.withoutKeys(header, List.of("overrides")))
        .isEqualTo("{\"format\":\"labyrinth-trace\",\"seed\":4}");
    assertThat(TraceLines.withoutKeys(ENTRY, List.of("absent"))).isSameAs(ENTRY);
  }

  @Test
  void ingredientsSelectByCategoryAndIgnoreKeys() {
    Ingredients irqOnly = Ingredients.parse(Optional.of("irq"), List.of("latency_ns"));
    assertThat(irqOnly.select(ENTRY)).doesNotContain("latency_ns").contains("\"irq\":2");
    assertThat(irqOnly.select("{\"t\":1,\"ev\":\"mm_page_alloc\",\"pfn\":3}")).isNull();
    assertThat(irqOnly.select("{\"format\":\"labyrinth-trace\"}")).isNotNull();
    assertThat(irqOnly.label()).isEqualTo("irq ignoring latency_ns");
    assertThat(Ingredients.parse(Optional.empty(), List.of()).isAll()).isTrue();
    assertThat(Category.of("mm_vmscan_kswapd_wake")).isEqualTo(Category.RECLAIM);
    assertThat(Category.of("mm_page_free")).isEqualTo(Category.MM);
    assertThat(Category.of("zone_lock_spin")).isEqualTo(Category.MM);
    assertThat(Category.of("something_new")).isEqualTo(Category.OTHER);
    assertThatThrownBy(() -> Ingredients.parse(Optional.of("mm,bogus"), List.of()))
        .hasMessageContaining("bogus").hasMessageContaining("mm,reclaim,irq");
  }
}
