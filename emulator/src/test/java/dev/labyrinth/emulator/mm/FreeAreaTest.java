package dev.labyrinth.emulator.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FreeAreaTest {

  private static FreeArea area(long pages) {
    return new FreeArea(new ZoneSpec(ZoneType.DMA32, 0, pages, pages, pages));
  }

  @Test
  void bootFreesMaximalAlignedBlocks() {
    FreeArea a = new FreeArea(new ZoneSpec(ZoneType.DMA, 1, 4095, 3999, 3840));
    assertThat(a.freePages()).isEqualTo(3840);
    // managed range is pfn 256..4095: 256@8, 512@9, 1024@10, 2048@10, 3072@10
    assertThat(a.nrFree(8)).isEqualTo(1);
    assertThat(a.nrFree(9)).isEqualTo(1);
    assertThat(a.nrFree(10)).isEqualTo(3);
    a.checkInvariants();
  }

  @Test
  void splitKeepsLowestChunkAndMergesBack() {
    FreeArea a = area(4096);
    assertThat(a.rmqueue(0, MigrateType.MOVABLE, 0)).isEqualTo(0);
    for (int o = 0; o < 10; o++) {
      assertThat(a.nrFree(o)).as("order %s", o).isEqualTo(1);
    }
    assertThat(a.rmqueue(0, MigrateType.MOVABLE, 0)).isEqualTo(1);
    assertThat(a.rmqueue(2, MigrateType.MOVABLE, 0)).isEqualTo(4);
    a.checkInvariants();
    a.free(1, 0);
    a.free(0, 0);
    a.free(4, 2);
    a.checkInvariants();
    assertThat(a.nrFree(10)).isEqualTo(4);
    assertThat(a.freePages()).isEqualTo(4096);
  }

  @Test
  void freeRejectsWrongOrderAndDoubleFree() {
    FreeArea a = area(4096);
    long pfn = a.rmqueue(3, MigrateType.MOVABLE, 0);
    assertThatThrownBy(() -> a.free(pfn, 2)).isInstanceOf(IllegalArgumentException.class);
    a.free(pfn, 3);
    assertThatThrownBy(() -> a.free(pfn, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unmovableClaimsAWholeMovableBlockAtHighOrder() {
    FreeArea a = area(4096);
    long pfn = a.rmqueue(0, MigrateType.UNMOVABLE, 0);
    assertThat(pfn).isEqualTo(0);
    assertThat(a.pageblockMigratetype(0)).isEqualTo(MigrateType.UNMOVABLE);
    assertThat(a.pageblockMigratetype(512)).isEqualTo(MigrateType.UNMOVABLE);
    assertThat(a.pageblockMigratetype(1024)).isEqualTo(MigrateType.MOVABLE);
    assertThat(a.listEmpty(9, MigrateType.UNMOVABLE)).isFalse();
    a.checkInvariants();
    a.free(0, 0);
    a.checkInvariants();
    assertThat(a.nrFree(10)).isEqualTo(4);
  }

  @Test
  void nofragmentRefusesSubPageblockSteal() {
    FreeArea a = area(1024);
    // Make the whole zone UNMOVABLE, then free part of it.
    long pfn = a.rmqueue(10, MigrateType.UNMOVABLE, 0);
    a.free(pfn, 10);
    assertThat(a.pageblockMigratetype(0)).isEqualTo(MigrateType.UNMOVABLE);
    for (int i = 0; i < 1024; i++) {
      a.rmqueue(0, MigrateType.UNMOVABLE, 0);
    }
    a.free(7, 0);
    // A small MOVABLE request may not claim (order < 4) and under NOFRAGMENT may not steal.
    assertThat(a.rmqueue(0, MigrateType.MOVABLE, AllocFlags.NOFRAGMENT)).isEqualTo(-1);
    assertThat(a.rmqueue(0, MigrateType.MOVABLE, 0)).isEqualTo(7);
    assertThat(a.pageblockMigratetype(0)).isEqualTo(MigrateType.UNMOVABLE);
    a.checkInvariants();
  }

  @Test
  void highatomicReserveCapAndUnreserve() {
    FreeArea a = area(102400); // 1% = 1024 -> cap 1024 (two pageblocks)
    assertThat(a.highatomicLimit()).isEqualTo(1024);
    long first = a.rmqueue(1, MigrateType.UNMOVABLE, AllocFlags.HIGHATOMIC);
    a.reserveHighatomicPageblock(first, 1);
    assertThat(a.nrReservedHighatomic()).isEqualTo(512);
    // With ALLOC_HIGHATOMIC the next block comes off the reserve itself: not mergeable, no growth.
    long again = a.rmqueue(1, MigrateType.UNMOVABLE, AllocFlags.HIGHATOMIC);
    a.reserveHighatomicPageblock(again, 1);
    assertThat(a.nrReservedHighatomic()).isEqualTo(512);
    for (int i = 0; i < 2; i++) {
      long pfn = a.rmqueue(1, MigrateType.UNMOVABLE, 0);
      a.reserveHighatomicPageblock(pfn, 1);
    }
    assertThat(a.nrReservedHighatomic()).isEqualTo(1024);
    a.checkInvariants();
    // Not forced: keeps one pageblock.
    assertThat(a.unreserveHighatomicPageblock(false, MigrateType.UNMOVABLE)).isTrue();
    assertThat(a.nrReservedHighatomic()).isEqualTo(512);
    assertThat(a.unreserveHighatomicPageblock(false, MigrateType.UNMOVABLE)).isFalse();
    assertThat(a.unreserveHighatomicPageblock(true, MigrateType.UNMOVABLE)).isTrue();
    assertThat(a.nrReservedHighatomic()).isZero();
    assertThat(a.nrFreeHighatomic()).isZero();
    a.checkInvariants();
  }

  @Test
  void smallZonesNeverReserveHighatomic() {
    FreeArea a = area(51199);
    long pfn = a.rmqueue(1, MigrateType.UNMOVABLE, AllocFlags.HIGHATOMIC);
    a.reserveHighatomicPageblock(pfn, 1);
    assertThat(a.nrReservedHighatomic()).isZero();
  }

  @Test
  void buddyMergeLikelyPutsBlockAtTail() {
    FreeArea a = area(1024);
    // Allocate pfn 0..3 as order 0; free blocks then: 4@2, 8@3, ... 512@9.
    for (int i = 0; i < 4; i++) {
      assertThat(a.rmqueue(0, MigrateType.MOVABLE, 0)).isEqualTo(i);
    }
    // Make a second order-1 block elsewhere: take 8 (order 3) and free 10 (order 1) later.
    assertThat(a.rmqueue(3, MigrateType.MOVABLE, 0)).isEqualTo(8);
    a.free(0, 0); // buddy 1 allocated; parent's buddy (2, order 1) not free -> head, order 0
    a.free(3, 0); // buddy 2 allocated; parent 2's order-1 buddy is 0..1, not free at order 1
    a.free(2, 0); // merges with 3 -> 2@1; its order-1 buddy 0 is not free at order 1 -> head
    // Now free pfn 1: merges with 0 -> 0@1, then with 2@1 -> 0@2, then 4@2 -> 0@3;
    // 8@3 is allocated, so stop at order 3; the order-4 buddy 16 is free -> tail.
    a.free(1, 0);
    a.checkInvariants();
    assertThat(a.nrFree(3)).isEqualTo(1);
    long first = a.rmqueue(3, MigrateType.MOVABLE, 0);
    assertThat(first).isEqualTo(0);
  }
}
