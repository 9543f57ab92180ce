#!/usr/bin/env bash
# Runs Surge with embedded engines (builds it first if needed). Arguments go to the app, e.g.
#   ./surge.sh --server.port=8081
set -euo pipefail
cd "$(dirname "$0")"
JAR=surge-app/target/surge-app.jar
if [[ ! -f "$JAR" || -n "$(find . -path ./data -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.yml' -o -name '*.sql' \) -newer "$JAR" -print -quit)" ]]; then
  ./mvnw -B -q -DskipTests -pl surge-app -am package
fi
exec java -jar "$JAR" "$@"
