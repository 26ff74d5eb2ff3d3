#!/usr/bin/env bash
# Runs Scalpel's whole benchmark suite and renders its results.
#
#   jmh-benchmarks/run-benchmarks.sh            full run (about 15 minutes on 2 cores): writes
#                                               jmh-benchmarks/RESULTS.md and hot-path.png
#   jmh-benchmarks/run-benchmarks.sh --smoke    every benchmark once, minimal iterations (under
#                                               2 minutes): checks that nothing is broken, times
#                                               nothing; writes under jmh-benchmarks/target/smoke
#   --no-build                                  use the jars already built
#
# Raw results (JMH JSON and the harnesses' JSON) go to jmh-benchmarks/target/results (or
# target/smoke). The machine should be otherwise idle: the report records the load average.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
build=true
for arg in "$@"; do
  case "$arg" in
    --smoke) mode=smoke ;;
    --no-build) build=false ;;
    *) echo "usage: $0 [--smoke] [--no-build]" >&2; exit 2 ;;
  esac
done

java=java
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
fi
jar=jmh-benchmarks/target/benchmarks.jar

if [[ "$build" == true ]]; then
  mvn -B -q -pl jmh-benchmarks -am install -DskipTests
fi

if [[ "$mode" == full ]]; then
  out=jmh-benchmarks/target/results
  hotpath=(-f 2 -wi 3 -w 1s -i 5 -r 1s)
  startup=(-wi 1 -i 10)
  footprint_runs=5
  footprint_patches=(10 1000)
  live_runs=3
  live_classes=20000
  live_patches=1,10,100,1000
  cold_rounds=10
  markdown=jmh-benchmarks/RESULTS.md
  chart=jmh-benchmarks/hot-path.png
else
  out=jmh-benchmarks/target/smoke
  hotpath=(-f 1 -wi 0 -i 1 -r 100ms)
  startup=(-wi 0 -i 1 -p patches=1,10)
  footprint_runs=1
  footprint_patches=(10)
  live_runs=1
  live_classes=2000
  live_patches=1,10
  cold_rounds=1
  markdown=$out/RESULTS.md
  chart=$out/hot-path.png
fi
rm -rf "$out"
mkdir -p "$out"

load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown; }
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then
  commit="$commit (with uncommitted changes)"
fi
{
  echo "mode=$mode"
  echo "commit=$commit"
  echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "loadBefore=$(load)"
  echo "hotPathOptions=${hotpath[*]} -prof gc"
} > "$out/run.properties"

"$java" -jar "$jar" 'HotPathBenchmark|PeerBenchmark|ScaleBenchmark' "${hotpath[@]}" -prof gc \
  -rf json -rff "$out/hotpath.json" | tee "$out/hotpath.log"
"$java" -jar "$jar" StartupBenchmark "${startup[@]}" -rf json -rff "$out/startup.json" | tee "$out/startup.log"
"$java" -cp "$jar" dev.scalpel.bench.scale.Footprint "$out/footprint.json" "$footprint_runs" "${footprint_patches[@]}"
"$java" -cp "$jar" dev.scalpel.bench.live.LiveLatency "$out/live.json" "$live_runs" "$live_classes" "$live_patches"
# The launcher is timed only where it would not build first.
launcher=none
if [[ -f agent/target/scalpel-agent.jar && -f test-apps/target/scalpel-test-apps.jar ]]; then
  launcher=./scalpel
fi
"$java" -cp "$jar" dev.scalpel.bench.cold.ColdPaths "$out/cold.json" "$cold_rounds" "$launcher"

{
  echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "loadAfter=$(load)"
} >> "$out/run.properties"
"$java" -cp "$jar" dev.scalpel.bench.report.Report "$out" "$markdown" "$chart"
echo "results: $markdown, $chart; raw data in $out"
