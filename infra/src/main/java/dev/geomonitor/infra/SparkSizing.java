package dev.geomonitor.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * EMR Serverless worker arithmetic. A driver or executor asks for its JVM heap plus Spark's memory
 * overhead ({@code max(384 MB, factor x heap)}, EMR Serverless's documented default factor is 0.1)
 * and that must fit the worker it runs on; the workers the job can hold at once (driver +
 * executors) must fit the application's maximum capacity. Supported worker sizes (EMR Serverless
 * user guide, "Supported worker configurations"): 1 vCPU with 2-8 GB, 2 vCPU with 4-16 GB, 4 vCPU
 * with 8-30 GB (1 GB steps), 8 vCPU with 16-60 GB (4 GB steps), 16 vCPU with 32-120 GB (8 GB
 * steps).
 */
final class SparkSizing {
  static final int MIN_OVERHEAD_MB = 384;

  private SparkSizing() {}

  /** One worker shape in vCPU and GB, from EMR notation ("2 vCPU", "8 GB"). */
  record Worker(int vcpu, int memoryGb) {
    static Worker of(String cpu, String memory) {
      return new Worker((int) CostEstimate.number(cpu), (int) CostEstimate.number(memory));
    }

    int memoryMb() {
      return memoryGb * 1024;
    }
  }

  /** Heap plus overhead: what Spark asks the worker for. */
  static int containerMb(int heapMb, double overheadFactor) {
    return heapMb + overheadMb(heapMb, overheadFactor);
  }

  static int overheadMb(int heapMb, double overheadFactor) {
    return Math.max(MIN_OVERHEAD_MB, (int) Math.ceil(heapMb * overheadFactor));
  }

  /**
   * Every sizing problem of the job's settings, each naming the knobs to change; empty when
   * deployable.
   */
  static List<String> problems(InfraConfig.Spark spark) {
    List<String> problems = new ArrayList<>();
    Worker driver = Worker.of(spark.driverCpu(), spark.driverMemory());
    Worker executor = Worker.of(spark.executorCpu(), spark.executorMemory());
    workerShape("spark.driverCpu/spark.driverMemory", driver, problems);
    workerShape("spark.executorCpu/spark.executorMemory", executor, problems);
    if (spark.memoryOverheadFactor() < 0.06 || spark.memoryOverheadFactor() > 1) {
      problems.add(
          "spark.memoryOverheadFactor="
              + spark.memoryOverheadFactor()
              + " is outside 0.06..1 (Spark's default is 0.1; below it the JVM's off-heap use kills containers)");
    }
    fitsWorker(
        "driver",
        "spark.driverHeapMb",
        spark.driverHeapMb(),
        "spark.driverMemory",
        driver,
        spark,
        problems);
    fitsWorker(
        "executor",
        "spark.executorHeapMb",
        spark.executorHeapMb(),
        "spark.executorMemory",
        executor,
        spark,
        problems);
    if (spark.minExecutors() < 0
        || spark.minExecutors() > spark.initialExecutors()
        || spark.initialExecutors() > spark.maxExecutors()
        || spark.maxExecutors() < 1) {
      problems.add(
          "executor counts must satisfy 0 <= spark.minExecutors ("
              + spark.minExecutors()
              + ") <= spark.initialExecutors ("
              + spark.initialExecutors()
              + ") <= spark.maxExecutors ("
              + spark.maxExecutors()
              + ") and spark.maxExecutors >= 1");
    }
    Worker max = Worker.of(spark.maxCpu(), spark.maxMemory());
    fitsMaximum(
        "the initial workers (driver + spark.initialExecutors=" + spark.initialExecutors() + ")",
        driver,
        executor,
        spark.initialExecutors(),
        max,
        problems);
    fitsMaximum(
        "the largest job (driver + spark.maxExecutors=" + spark.maxExecutors() + ")",
        driver,
        executor,
        spark.maxExecutors(),
        max,
        problems);
    diskProblems(spark, problems);
    return problems;
  }

  /**
   * EMR Serverless worker disks are 20-200 GB; every worker the job can hold at once must fit
   * spark.maxDisk.
   */
  private static void diskProblems(InfraConfig.Spark spark, List<String> problems) {
    int disk = spark.workerDiskGb();
    if (disk < 20 || disk > 200) {
      problems.add(
          "spark.workerDiskGb=" + disk + " is outside EMR Serverless's 20-200 GB worker disk");
    }
    int maxDisk = (int) CostEstimate.number(spark.maxDisk());
    int workers = 1 + spark.maxExecutors();
    if (workers * disk > maxDisk) {
      problems.add(
          String.format(
              Locale.ROOT,
              "the largest job (driver + spark.maxExecutors=%d) needs %d GB of disk (%d workers x spark.workerDiskGb=%d)"
                  + " but spark.maxDisk=%d GB: raise spark.maxDisk to at least %d GB or use fewer executors",
              spark.maxExecutors(),
              workers * disk,
              workers,
              disk,
              maxDisk,
              workers * disk));
    }
  }

  private static void workerShape(String knobs, Worker worker, List<String> problems) {
    int min;
    int maxGb;
    int step;
    switch (worker.vcpu()) {
      case 1 -> {
        min = 2;
        maxGb = 8;
        step = 1;
      }
      case 2 -> {
        min = 4;
        maxGb = 16;
        step = 1;
      }
      case 4 -> {
        min = 8;
        maxGb = 30;
        step = 1;
      }
      case 8 -> {
        min = 16;
        maxGb = 60;
        step = 4;
      }
      case 16 -> {
        min = 32;
        maxGb = 120;
        step = 8;
      }
      default -> {
        problems.add(
            knobs + ": EMR Serverless workers have 1, 2, 4, 8 or 16 vCPU, not " + worker.vcpu());
        return;
      }
    }
    if (worker.memoryGb() < min
        || worker.memoryGb() > maxGb
        || (worker.memoryGb() - min) % step != 0) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s: a %d vCPU worker takes %d-%d GB in %d GB steps, not %d GB",
              knobs,
              worker.vcpu(),
              min,
              maxGb,
              step,
              worker.memoryGb()));
    }
  }

  private static void fitsWorker(
      String role,
      String heapKnob,
      int heapMb,
      String workerKnob,
      Worker worker,
      InfraConfig.Spark spark,
      List<String> problems) {
    int container = containerMb(heapMb, spark.memoryOverheadFactor());
    if (heapMb < 512) {
      problems.add(heapKnob + "=" + heapMb + " is below 512 MB: too small for the job's JVM");
    } else if (container > worker.memoryMb()) {
      int largest = largestHeapMb(worker.memoryMb(), spark.memoryOverheadFactor());
      problems.add(
          String.format(
              Locale.ROOT,
              "the %s asks for %s=%d MB plus Spark's memory overhead %d MB = %d MB, more than its worker's %s=%d GB"
                  + " (%d MB): lower %s to at most %d or raise %s",
              role,
              heapKnob,
              heapMb,
              overheadMb(heapMb, spark.memoryOverheadFactor()),
              container,
              workerKnob,
              worker.memoryGb(),
              worker.memoryMb(),
              heapKnob,
              largest,
              workerKnob));
    }
  }

  /** The largest heap whose container still fits a worker of the given memory. */
  static int largestHeapMb(int workerMb, double overheadFactor) {
    int heap = (int) Math.floor(workerMb / (1 + overheadFactor));
    while (heap > 0 && containerMb(heap, overheadFactor) > workerMb) {
      heap--;
    }
    return heap;
  }

  private static void fitsMaximum(
      String what,
      Worker driver,
      Worker executor,
      int executors,
      Worker max,
      List<String> problems) {
    int cpu = driver.vcpu() + executors * executor.vcpu();
    int memory = driver.memoryGb() + executors * executor.memoryGb();
    if (cpu > max.vcpu() || memory > max.memoryGb()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s need %d vCPU and %d GB but the application's maximum capacity is spark.maxCpu=%d vCPU,"
                  + " spark.maxMemory=%d GB: raise the maximum or use fewer/smaller workers",
              what,
              cpu,
              memory,
              max.vcpu(),
              max.memoryGb()));
    }
  }
}
