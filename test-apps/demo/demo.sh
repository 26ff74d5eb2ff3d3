#!/usr/bin/env bash
# Scalpel's demo: a real buggy app, a real hotfix, a real rollback. Run it as `./scalpel demo`.
set -euo pipefail
root="${1:?usage: demo.sh REPOSITORY_ROOT}"
agent="$root/agent/target/scalpel-agent.jar"
app="$root/test-apps/target/scalpel-test-apps.jar"
fixjar="$root/test-apps/target/fixes/scalpel-test-apps-pricing-fix.jar"
work="$(mktemp -d)"
pid=""
cleanup() {
  touch "$work/stop"
  [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
scalpel() { printf '$ scalpel %s\n' "$*"; java -jar "$agent" "$@"; }
# Waits, up to 30 s (a JVM start on a busy machine), until the running app has printed $2 lines matching $1
# (it prints a line each time its answer changes).
await() {
  for _ in $(seq 1 300); do
    if [ "$(grep -c "$1" "$work/app.out" 2>/dev/null)" -ge "$2" ] 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "demo: the app never printed '$1' $2 times; its output:" >&2
  cat "$work/app.out" "$work/app.err" >&2
  exit 1
}

step "1. A pricing service is running in production, with a rounding bug: order 1042 comes out a cent short"
# The service prices order 1042 every 100 ms and prints a line each time the answer changes.
# Its standard input is a pipe the demo holds open: the service stops when it closes or when $work/stop appears.
mkfifo "$work/stdin"
exec 3<>"$work/stdin"
java -jar "$app" --serve "$work/stop" > "$work/app.out" 2> "$work/app.err" < "$work/stdin" &
pid=$!
await "WRONG" 1
cat "$work/app.out"

step "2. The hotfix: a manifest that redirects PriceCalculator#total to a fixed method in a patch jar"
cat > "$work/hotfix.yaml" <<YAML
scalpel: 1
patches:
  - id: PRICE-1
    target: dev.scalpel.testapps.pricing.PriceCalculator#total(dev.scalpel.testapps.pricing.Cart, int)
    fix: dev.scalpel.testapps.fixes.pricing.PriceFixes#total
    jar: $fixjar
    sha256: $(sha256sum "$fixjar" | cut -d' ' -f1)
    ticket: PRICE-1
    reason: totals computed in double lose half cents
YAML
cat "$work/hotfix.yaml"
scalpel validate "$work/hotfix.yaml" --classpath "$app"

step "3. Applied to the running process, no restart: the next call is right"
scalpel attach "$pid" "$work/hotfix.yaml" --audit "$work/audit.jsonl"
await "ok$" 1
tail -n 1 "$work/app.out"
scalpel status "$pid"

step "4. Rolled back at once: every thread runs the original code again"
scalpel rollback "$pid" PRICE-1
await "WRONG" 2
tail -n 1 "$work/app.out"

step "5. Every change is in a tamper-evident audit log"
cut -c1-120 "$work/audit.jsonl" | sed 's/$/.../'
scalpel audit verify "$work/audit.jsonl"
