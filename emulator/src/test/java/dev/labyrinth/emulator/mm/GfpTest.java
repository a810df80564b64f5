package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GfpTest {

  @Test
  void compositeValuesMatchLinux618() {
    assertThat(Gfp.GFP_ATOMIC).isEqualTo(0x820);
    assertThat(Gfp.GFP_KERNEL).isEqualTo(0xcc0);
    assertThat(Gfp.GFP_KERNEL_ACCOUNT).isEqualTo(0x400cc0);
    assertThat(Gfp.GFP_NOWAIT).isEqualTo(0x2800);
    assertThat(Gfp.GFP_NOIO).isEqualTo(0xc00);
    assertThat(Gfp.GFP_NOFS).isEqualTo(0xc40);
    assertThat(Gfp.GFP_USER).isEqualTo(0x100cc0);
    assertThat(Gfp.GFP_HIGHUSER).isEqualTo(0x100cc2);
    assertThat(Gfp.GFP_HIGHUSER_MOVABLE).isEqualTo(0x100cca);
    assertThat(Gfp.GFP_TRANSHUGE_LIGHT).isEqualTo(0x1c20ca);
    assertThat(Gfp.GFP_TRANSHUGE).isEqualTo(0x1c24ca);
    assertThat(Gfp.RECLAIM).isEqualTo(0xc00);
  }

  // Section 1.2's worked renderings, plus the composite table.
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "0x820;GFP_ATOMIC",
        "0xcc0;GFP_KERNEL",
        "0x400cc0;GFP_KERNEL_ACCOUNT",
        "0x2800;GFP_NOWAIT",
        "0xc40;GFP_NOFS",
        "0x100cc0;GFP_USER",
        "0x100cc2;GFP_HIGHUSER",
        "0x100cca;GFP_HIGHUSER_MOVABLE",
        "0x1c20ca;GFP_TRANSHUGE_LIGHT",
        "0x1c24ca;GFP_TRANSHUGE",
        "0x1;GFP_DMA",
        "0x4;GFP_DMA32",
        "0x2820;GFP_ATOMIC|__GFP_NOWARN",
        "0x82820;GFP_ATOMIC|__GFP_NOWARN|__GFP_NOMEMALLOC",
        "0x42820;GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP",
        "0xdc0;GFP_KERNEL|__GFP_ZERO",
        "0x12cc0;GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY",
        "0x400dc0;GFP_KERNEL_ACCOUNT|__GFP_ZERO",
        "0x140cca;GFP_HIGHUSER_MOVABLE|__GFP_COMP",
        "0x140dca;GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP",
        "0xc00;GFP_NOIO",
        "0x800;__GFP_KSWAPD_RECLAIM",
        "0x8c0;__GFP_IO|__GFP_FS|__GFP_KSWAPD_RECLAIM",
        "0xcc4;GFP_KERNEL|GFP_DMA32",
        "0xc2100;__GFP_ZERO|__GFP_NOWARN|__GFP_COMP|__GFP_NOMEMALLOC",
        "0xa20;GFP_ATOMIC|0x200",
        "0x2000000;0x2000000",
      })
  void formatsLikePercentPGg(String hex, String expected) {
    int mask = Integer.parseUnsignedInt(hex.substring(2), 16);
    assertThat(Gfp.format(mask)).isEqualTo(expected);
    assertThat(Gfp.parse(expected)).isEqualTo(mask);
  }

  @Test
  void zeroIsEmptyForPrintkAndNoneForTracepoints() {
    assertThat(Gfp.format(0)).isEmpty();
    assertThat(Gfp.formatForTrace(0)).isEqualTo("none");
    assertThat(Gfp.parse("none")).isZero();
  }

  @Test
  void parseAcceptsSpacesAndSingleBits() {
    assertThat(Gfp.parse(" GFP_ATOMIC | __GFP_NOWARN ")).isEqualTo(0x2820);
    assertThat(Gfp.parse("__GFP_RECLAIM")).isEqualTo(0xc00);
  }

  @Test
  void parseRejectsUnknownTokenWithSuggestion() {
    assertThatThrownBy(() -> Gfp.parse("GFP_ATOMC|__GFP_NOWARN"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'GFP_ATOMC'")
        .hasMessageContaining("did you mean GFP_ATOMIC?");
    assertThatThrownBy(() -> Gfp.parse("__GFP_EXCLUSIVE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'__GFP_EXCLUSIVE'");
    assertThatThrownBy(() -> Gfp.parse("GFP_KERNEL||__GFP_ZERO"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zoneSelectionMirrorsGfpZoneTable() {
    assertThat(Gfp.zone(Gfp.GFP_KERNEL)).isEqualTo(ZoneType.NORMAL);
    assertThat(Gfp.zone(Gfp.GFP_ATOMIC)).isEqualTo(ZoneType.NORMAL);
    assertThat(Gfp.zone(Gfp.GFP_DMA)).isEqualTo(ZoneType.DMA);
    assertThat(Gfp.zone(Gfp.GFP_DMA32 | Gfp.GFP_KERNEL)).isEqualTo(ZoneType.DMA32);
    assertThat(Gfp.zone(Gfp.GFP_HIGHUSER)).isEqualTo(ZoneType.NORMAL);
    assertThat(Gfp.zone(Gfp.MOVABLE)).isEqualTo(ZoneType.NORMAL);
    assertThat(Gfp.zone(Gfp.GFP_HIGHUSER_MOVABLE)).isEqualTo(ZoneType.MOVABLE);
    assertThat(Gfp.zone(Gfp.MOVABLE | Gfp.DMA)).isEqualTo(ZoneType.DMA);
    assertThat(Gfp.zone(Gfp.MOVABLE | Gfp.DMA32)).isEqualTo(ZoneType.DMA32);
    assertThatThrownBy(() -> Gfp.zone(Gfp.DMA | Gfp.DMA32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GFP_ZONE_BAD");
    assertThatThrownBy(() -> Gfp.zone(Gfp.DMA | Gfp.HIGHMEM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void migratetypeFromMobilityBits() {
    assertThat(Gfp.migratetype(Gfp.GFP_KERNEL)).isEqualTo(MigrateType.UNMOVABLE);
    assertThat(Gfp.migratetype(Gfp.GFP_HIGHUSER_MOVABLE)).isEqualTo(MigrateType.MOVABLE);
    assertThat(Gfp.migratetype(Gfp.GFP_KERNEL | Gfp.RECLAIMABLE))
        .isEqualTo(MigrateType.RECLAIMABLE);
    assertThatThrownBy(() -> Gfp.migratetype(Gfp.MOVABLE | Gfp.RECLAIMABLE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
