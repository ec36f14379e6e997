package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geomonitor.bench.BenchSettings.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
  @Test
  void stagesOptionSelectsASubsetCaseInsensitively() {
    CommandLine cl = BenchMain.commandLine();
    cl.parseArgs("--stages", "producer,Spark", "--readings", "2000", "--repeat", "1");
    BenchMain main = cl.getCommand();
    assertThat(main.stages).containsExactlyInAnyOrder(Stage.PRODUCER, Stage.SPARK);
    assertThat(main.readings).isEqualTo(2000);
    assertThat(main.repeat).isEqualTo(1);
  }

  @Test
  void anUnknownStageIsRejectedNamingTheValidOnes() {
    CommandLine cl = BenchMain.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute("--stages", "kibana");
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("kibana").contains("PRODUCER");
  }
}
