package dev.surge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

  @Test
  void interleavesVariantsAndPrintsTheRatioOfMedians() throws Exception {
    List<String> calls = new ArrayList<>();
    double[] baseline = {10, 12, 11};
    double[] surge = {30, 36, 33};
    int[] i = {0, 0};
    Scenario scenario =
        new FakeScenario(
            List.of(
                Scenario.Variant.of(
                    "baseline",
                    () -> {
                      calls.add("b");
                      return baseline[i[0]++];
                    }),
                Scenario.Variant.of(
                    Scenario.Variant.SURGE,
                    () -> {
                      calls.add("s");
                      return surge[i[1]++];
                    })));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BenchRunner.Report report =
        new BenchRunner(0, 3, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(scenario);

    assertThat(calls).containsExactly("b", "s", "s", "b", "b", "s");
    assertThat(report.baseline()).isEqualTo(11);
    assertThat(report.surge()).isEqualTo(33);
    String lastLine =
        bytes.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).get();
    assertThat(lastLine).isEqualTo("RESULT fake ops_per_s=33.000 ratio=3.000");
  }

  @Test
  void rejectsScenarioWithoutSurgeVariant() {
    Scenario scenario =
        new FakeScenario(
            List.of(Scenario.Variant.of("a", () -> 1), Scenario.Variant.of("b", () -> 1)));
    assertThatThrownBy(() -> new BenchRunner(0, 1, System.out).run(scenario))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surge");
  }

  @Test
  void rejectsBadRoundCounts() {
    assertThatThrownBy(() -> new BenchRunner(0, 0, System.out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BenchRunner(-1, 1, System.out))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private record FakeScenario(List<Variant> variants) implements Scenario {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public String description() {
      return "test";
    }

    @Override
    public String metric() {
      return "ops_per_s";
    }

    @Override
    public boolean higherIsBetter() {
      return true;
    }
  }
}
