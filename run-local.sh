#!/usr/bin/env bash
# Runs the whole pipeline on this machine with real components and no Docker:
#   ./run-local.sh                 start (resumes from ./data if it exists), Ctrl-C stops everything
#   ./run-local.sh --fresh         start from an empty data directory
#   ./run-local.sh --help          every option
#   ./run-local.sh reprocess --trigger-levels local/examples/trigger-levels-v2.json
# Needs JDK 17+. The first run builds the project (Maven downloads its dependencies: several minutes); later runs
# rebuild only when sources changed.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
  echo "error: java not found. Install JDK 17 (e.g. apt-get install openjdk-17-jdk) and set JAVA_HOME." >&2
  exit 1
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${java_major%%.*}" -lt 17 ]; then
  echo "error: JDK 17 or newer is needed, found Java ${java_major}. Set JAVA_HOME to a JDK 17." >&2
  exit 1
fi

classpath_file=local/target/run-local.classpath
flags_file=local/target/run-local.jvm-flags
stale=$(find . -path ./data -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
  -newer "$classpath_file" -not -path '*/target/*' -print -quit 2>/dev/null || echo rebuild)
if [ ! -f "$classpath_file" ] || [ -n "$stale" ]; then
  echo "building the pipeline (the first build downloads dependencies; later ones only rebuild what changed) ..."
  ./mvnw -B -q -ntp package -DskipTests -pl local -am
  # The build rewrites the classpath file only when the classpath changed: mark this build as the one to compare with.
  touch "$classpath_file"
fi

# Spark 3.5 on Java 17 needs the --add-opens list kept in the root pom (property spark.jvm.flags).
exec java -Xmx2g -XX:+UseParallelGC $(cat "$flags_file") \
  -Dlog4j2.configurationFile=classpath:log4j2-local.xml -Dgeomonitor.log=logs/run-local.log \
  -cp "local/target/classes:$(cat "$classpath_file")" \
  dev.geomonitor.local.runner.RunnerMain "$@"
