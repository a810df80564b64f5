package dev.labyrinth.reports.divergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cause chain over synthetic traces: what counts as touching the same subject. */
class CauseChainTest {

  private static final String HEADER = "{\"format\":\"labyrinth-trace\",\"version\":1}";

  private static CauseChain chain(List<String> records, String diverging, int max)
      throws IOException {
    String text = HEADER + "\n" + String.join("\n", records) + "\n" + diverging + "\n";
    return CauseChain.find(new BufferedReader(new StringReader(text)), records.size() + 2,
        List.of(Optional.of(diverging)), max);
  }

  private static String alloc(long t, int cpu, long pfn, int order, String zone) {
    return "{\"t\":" + t + ",\"ev\":\"mm_page_alloc\",\"cpu\":" + cpu + ",\"ctx\":\"task\","
        + "\"comm\":\"hog\",\"pid\":" + (1000 + cpu) + ",\"pfn\":" + pfn + ",\"order\":" + order
        + ",\"zone\":\"" + zone + "\"}";
  }

  @Test
  void anOverlappingPfnRangeLinksAndADisjointOneDoesNot() throws IOException {
    String freeBlock = "{\"t\":1,\"ev\":\"mm_page_free\",\"pfn\":4096,\"order\":3,\"zone\":\"DMA\"}";
    String elsewhere = "{\"t\":2,\"ev\":\"mm_page_free\",\"pfn\":4104,\"order\":0,\"zone\":\"DMA\"}";
    CauseChain chain = chain(List.of(freeBlock, elsewhere), alloc(3, 1, 4100, 0, "Normal"), 8);
    assertThat(chain.links()).extracting(Link::lineNumber).containsExactly(2L);
    assertThat(chain.links().get(0).sharedLabel()).isEqualTo("pfn 0x1000+8");
  }

  @Test
  void linksIrqTaskZoneAndCpuMostRecentFirstAndNeverTheHeaderOrIdle() throws IOException {
    String irq = "{\"t\":1,\"ev\":\"irq_handler_entry\",\"cpu\":3,\"ctx\":\"hardirq\","
        + "\"comm\":\"swapper/3\",\"pid\":0,\"irq\":2,\"name\":\"nic\"}";
    String task = "{\"t\":2,\"ev\":\"sched_wakeup\",\"comm\":\"hog\",\"pid\":1001,\"prio\":120,"
        + "\"target_cpu\":2}";
    String zone = "{\"t\":3,\"ev\":\"zone_init\",\"zone\":\"Normal\"}";
    String unrelated = "{\"t\":4,\"ev\":\"irq_handler_entry\",\"cpu\":2,\"ctx\":\"hardirq\","
        + "\"comm\":\"swapper/2\",\"pid\":0,\"irq\":5,\"name\":\"disk\"}";
    String diverging = "{\"t\":5,\"ev\":\"mm_page_alloc\",\"cpu\":1,\"ctx\":\"hardirq\","
        + "\"comm\":\"hog\",\"pid\":1001,\"irq\":2,\"pfn\":-1,\"order\":0,\"zone\":\"Normal\"}";
    CauseChain chain = chain(List.of(irq, task, zone, unrelated), diverging, 8);
    assertThat(chain.links()).extracting(Link::lineNumber).containsExactly(4L, 3L, 2L);
    assertThat(chain.links()).extracting(Link::sharedLabel)
        .containsExactly("zone Normal", "task 1001 hog", "irq 2");
    assertThat(chain.describe("cause:")).startsWith("cause:\n    4  [zone Normal]  ");
  }

  @Test
  void strongerLinksWinOverMoreRecentWeakOnesWithinTheCap() throws IOException {
    String samePfn = alloc(1, 0, 64, 0, "DMA32").replace("hog\",\"pid\":1000", "a\",\"pid\":7");
    List<String> busy = new java.util.ArrayList<>();
    busy.add(samePfn);
    for (int i = 0; i < 20; i++) {
      busy.add(alloc(10 + i, 1, 9000 + i, 0, "Normal"));
    }
    CauseChain chain = chain(busy, alloc(99, 1, 64, 0, "DMA32"), 4);
    assertThat(chain.links()).hasSize(4);
    assertThat(chain.links()).extracting(Link::strongest).contains(Link.Kind.PFN);
    assertThat(chain.links().get(3).lineNumber()).isEqualTo(2L);
    assertThat(chain.links().get(0).lineNumber()).isEqualTo(22L);
  }

  @Test
  void aMissingDivergingLineOrNoSharedSubjectGivesAnEmptyChain() throws IOException {
    assertThat(CauseChain.find(new BufferedReader(new StringReader(HEADER + "\n")), 2,
        List.of(Optional.empty(), Optional.empty()), 8).links()).isEmpty();
    assertThat(chain(List.of("{\"t\":1,\"ev\":\"machine\",\"cpus\":2}"),
        "{\"t\":2,\"ev\":\"run_end\",\"reason\":\"time_limit\"}", 8).describe("x")).isEmpty();
  }
}
