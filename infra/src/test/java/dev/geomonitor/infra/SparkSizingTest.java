package dev.geomonitor.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule that refuses EMR Serverless sizes a driver or executor (with Spark's memory overhead)
 * cannot run in.
 */
class SparkSizingTest {
  private static final String API = "api.externalUrl";
  private static final String EXAMPLE_API = SynthesizedStacks.EXAMPLE_API;

  private static InfraConfig dev(Map<String, String> overrides) {
    Map<String, Object> context = new HashMap<>(overrides);
    context.put("env", "dev");
    return InfraConfigReader.read(context, null);
  }

  @Test
  void shippedEnvironmentsFitTheirWorkersAndCapacity() {
    assertThat(SparkSizing.problems(dev(Map.of()).spark())).isEmpty();
    assertThat(
            SparkSizing.problems(
                InfraConfigReader.read(Map.of("env", "prod", API, EXAMPLE_API), null).spark()))
        .isEmpty();
  }

  @Test
  void overheadIsTenPercentWithA384MbFloor() {
    assertThat(SparkSizing.overheadMb(2048, 0.1)).isEqualTo(384);
    assertThat(SparkSizing.overheadMb(14336, 0.1)).isEqualTo(1434);
    assertThat(SparkSizing.largestHeapMb(4096, 0.1)).isEqualTo(3712);
  }

  @Test
  void executorHeapThatFitsOnlyWithoutOverheadIsRefusedWithTheLargestThatFits() {
    // 4 GB worker = 4096 MB; a 4000 MB heap needs 4000 + 400 MB
    assertThatThrownBy(() -> dev(Map.of("spark.executorHeapMb", "4000")))
        .hasMessageContaining(
            "the executor asks for spark.executorHeapMb=4000 MB plus Spark's memory overhead 400 MB")
        .hasMessageContaining("spark.executorMemory=4 GB")
        .hasMessageContaining("lower spark.executorHeapMb to at most 3712");
  }

  @Test
  void driverHeapLargerThanItsWorkerIsRefused() {
    assertThatThrownBy(() -> dev(Map.of("spark.driverHeapMb", "8192")))
        .hasMessageContaining("the driver asks for spark.driverHeapMb=8192")
        .hasMessageContaining("raise spark.driverMemory");
  }

  @Test
  void unsupportedWorkerShapeIsRefused() {
    assertThatThrownBy(() -> dev(Map.of("spark.executorCpu", "3 vCPU")))
        .hasMessageContaining(
            "spark.executorCpu/spark.executorMemory: EMR Serverless workers have 1, 2, 4, 8 or 16 vCPU");
    assertThatThrownBy(() -> dev(Map.of("spark.executorMemory", "12 GB")))
        .hasMessageContaining("a 1 vCPU worker takes 2-8 GB in 1 GB steps, not 12 GB");
  }

  @Test
  void maxExecutorsBeyondTheMaximumCapacityIsRefused() {
    // dev: driver 1 vCPU / 4 GB + 4 executors of 1 vCPU / 4 GB = 5 vCPU / 20 GB > 4 vCPU / 16 GB
    assertThatThrownBy(() -> dev(Map.of("spark.maxExecutors", "4")))
        .hasMessageContaining(
            "the largest job (driver + spark.maxExecutors=4) need 5 vCPU and 20 GB")
        .hasMessageContaining("spark.maxCpu=4 vCPU, spark.maxMemory=16 GB");
  }

  @Test
  void initialWorkersBeyondTheMaximumCapacityAreRefused() {
    assertThatThrownBy(() -> dev(Map.of("spark.maxMemory", "6 GB", "spark.maxExecutors", "1")))
        .hasMessageContaining(
            "the initial workers (driver + spark.initialExecutors=1) need 2 vCPU and 8 GB");
  }

  @Test
  void executorCountsMustBeOrdered() {
    assertThatThrownBy(() -> dev(Map.of("spark.minExecutors", "2")))
        .hasMessageContaining("0 <= spark.minExecutors (2) <= spark.initialExecutors (1)");
  }

  @Test
  void triggerIntervalMustBeAnIsoDuration() {
    assertThatThrownBy(() -> dev(Map.of("spark.triggerInterval", "5s")))
        .hasMessageContaining("'spark.triggerInterval'")
        .hasMessageContaining("ISO-8601 duration");
  }

  @Test
  void workerDisksOutsideEmrsRangeAreRefused() {
    assertThatThrownBy(() -> dev(Map.of("spark.workerDiskGb", "10")))
        .hasMessageContaining(
            "spark.workerDiskGb=10 is outside EMR Serverless's 20-200 GB worker disk");
  }

  @Test
  void theLargestJobsDisksBeyondTheMaximumDiskAreRefused() {
    // dev: driver + 3 executors = 4 workers x 40 GB = 160 GB > 100 GB
    assertThatThrownBy(() -> dev(Map.of("spark.workerDiskGb", "40")))
        .hasMessageContaining(
            "needs 160 GB of disk (4 workers x spark.workerDiskGb=40) but spark.maxDisk=100 GB")
        .hasMessageContaining("raise spark.maxDisk to at least 160 GB");
  }
}
