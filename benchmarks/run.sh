#!/usr/bin/env bash
# Runs the benchmark suite: builds what it needs, starts the DynamoDB-compatible server(s) itself
# (dynalite, installed into target/test-servers with npm; moto_server from the PATH for part 2's
# second server), prints every figure and rewrites docs/BENCHMARKS.md.
#
#   benchmarks/run.sh            # the whole suite, about 15 minutes
#   benchmarks/run.sh --quick    # a smoke run, a few minutes, noisier figures
#   benchmarks/run.sh --help     # every option
#
# BENCH_BUILD=all (default) builds the benchmarks with the modules they measure from this work tree
# (and the agent jar); BENCH_BUILD=self builds only this module against the installed snapshots;
# BENCH_BUILD=none runs what was built last. JAVA_HOME chooses the JDK (default: java on the PATH);
# BENCH_JAVA_OPTS adds options to the suite's JVM (e.g. a JFR recording).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
mvn_flags=(-q -B -ntp -Dstyle.color=never -DskipTests)
case "${BENCH_BUILD:-all}" in
  all)
    modules=benchmarks
    # The agent jar is measured by parts 5 and 6; build it when its module has sources.
    if [ -d dynamolock-agent/src/main ]; then modules=benchmarks,dynamolock-agent; fi
    mvn "${mvn_flags[@]}" -Pbenchmarks -pl "$modules" -am package ;;
  self) mvn "${mvn_flags[@]}" -Pbenchmarks -pl benchmarks package ;;
  none) ;;
  *) echo "BENCH_BUILD must be all, self or none" >&2; exit 2 ;;
esac

jar=$(ls benchmarks/target/dynamolock-benchmarks-*.jar 2>/dev/null | head -n 1)
[ -n "$jar" ] || { echo "benchmarks/target has no jar: run with BENCH_BUILD=all" >&2; exit 1; }

# dynalite 4.0.0 dies when a client drops a connection mid-request; see benchmarks/dynalite-guard.js.
export NODE_OPTIONS="--require $here/dynalite-guard.js${NODE_OPTIONS:+ $NODE_OPTIONS}"

# Loopback only: no proxy may see the servers' traffic. 64 threads need more than the JDK's
# default 5 kept-alive HTTP connections; every contender gets the same setting.
exec "$java_bin" -Xms1g -Xmx4g -Dhttp.maxConnections=100 ${BENCH_JAVA_OPTS:-} \
  -Ddynamolock.test.workdir="$root/target/test-servers" \
  -Ddynamolock.bench.root="$root" \
  -Ddynamolock.bench.command="benchmarks/run.sh${*:+ $*}" \
  -cp "$jar:benchmarks/target/lib/*" io.dynamolock.benchmarks.BenchmarkSuite "$@"
