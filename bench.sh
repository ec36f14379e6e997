#!/usr/bin/env bash
# Measures each stage of the pipeline against a ceiling measured in the same run (see bench/README.md):
#   ./bench.sh                          the default bench (a few minutes on 2 cores)
#   ./bench.sh --readings 2000 --repeat 1 --stages producer,spark
#   BENCH_JFR=1 ./bench.sh ...          also records a JFR profile into bench/target/bench/bench.jfr
#   ./bench.sh --help                   every option
#   ./bench.sh alarms --alerts 200      raise-to-notify latency of the alarm processor (AlarmLatencyMain)
#   ./bench.sh alarms --end-to-end --crossings 60
#                                       raw record -> job -> alarm processor -> e-mail/webhook (RaiseToNotifyMain)
#   BENCH_HEAP=512m ./bench.sh scale --readings 2000000 --max-offsets 1000000
#                                       one backlog through the job with a chosen master/batch/heap (ScaleMain)
# Needs JDK 17+. Builds the bench module and what it depends on when sources changed.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "error: java not found. Install JDK 17 (e.g. apt-get install openjdk-17-jdk) and set JAVA_HOME." >&2
  exit 1
fi

classpath_file=bench/target/bench.classpath
flags_file=bench/target/bench.jvm-flags
stale=$(find . -path ./data -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
  -newer "$classpath_file" -not -path '*/target/*' -print -quit 2>/dev/null || echo rebuild)
if [ ! -f "$classpath_file" ] || [ -n "$stale" ]; then
  echo "building the bench (the first build downloads dependencies; later ones only rebuild what changed) ..."
  ./mvnw -B -q -ntp package -DskipTests -pl bench -am
  # build-classpath leaves an unchanged file untouched: mark the build so the next run does not redo it.
  touch "$classpath_file"
fi

profile=()
if [ "${BENCH_JFR:-0}" = "1" ]; then
  mkdir -p bench/target/bench
  profile=(-XX:StartFlightRecording=filename=bench/target/bench/bench.jfr,settings=profile)
fi

main=dev.geomonitor.bench.BenchMain
if [ "${1:-}" = "scale" ]; then
  main=dev.geomonitor.bench.ScaleMain
  shift
elif [ "${1:-}" = "alarms" ] && [ "${2:-}" = "--end-to-end" ]; then
  main=dev.geomonitor.bench.RaiseToNotifyMain
  shift 2
elif [ "${1:-}" = "alarms" ]; then
  main=dev.geomonitor.bench.AlarmLatencyMain
  shift
fi

# Spark 3.5 on Java 17 needs the --add-opens list kept in the root pom (property spark.jvm.flags).
exec java -Xmx"${BENCH_HEAP:-2g}" -XX:+UseParallelGC $(cat "$flags_file") "${profile[@]}" \
  -Dlog4j2.configurationFile=classpath:log4j2-bench.xml \
  -cp "bench/target/classes:$(cat "$classpath_file")" \
  "$main" "$@"
