#!/usr/bin/env bash
# The DynamoLock demo: three worker JVMs with the agent race for the same jobs; one is killed
# while it holds a lock, and another takes the lock over after its lease.
#   examples/demo.sh            the full run (about a minute once built)
#   examples/demo.sh --short    the quick run CI uses
# Starts a local DynamoDB-compatible server (moto or dynalite) unless -Ddynamolock.endpoint /
# DYNAMOLOCK_ENDPOINT (any server) or DYNAMOLOCK_REGION alone (real AWS) is given.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f dynamolock-agent/target/dynamolock-agent.jar ] || [ ! -d examples/target/lib ]; then
  echo "building the agent and the examples (mvn -q -DskipTests install), once..."
  mvn -q -B -Dstyle.color=never -DskipTests install
fi
# -Dname=value arguments are settings for the demo JVM (and, through it, the workers).
jvm=(); args=()
for a in "$@"; do case "$a" in -D*) jvm+=("$a") ;; *) args+=("$a") ;; esac; done
exec java "${jvm[@]}" -cp "examples/target/classes:examples/target/lib/*" io.dynamolock.examples.demo.Demo "${args[@]}"
