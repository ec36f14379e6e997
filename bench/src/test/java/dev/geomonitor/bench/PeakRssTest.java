package dev.geomonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeakRssTest {
  @Test
  void readsVmHwmInBytes() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100000 kB\n";
    assertThat(PeakRss.parse(status)).hasValue(123456L * 1024);
  }

  @Test
  void aStatusWithoutVmHwmGivesNothing() {
    assertThat(PeakRss.parse("Name:\tkthreadd\n")).isEmpty();
  }

  @Test
  void thisJvmHasAPeakRss() {
    assertThat(PeakRss.of(ProcessHandle.current().pid()).orElseThrow()).isGreaterThan(1024L * 1024);
  }
}
