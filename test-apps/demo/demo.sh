#!/usr/bin/env bash
# Scalpel's demo: a real buggy app, a real hotfix, a real rollback. Run it as `./scalpel demo`.
set -euo pipefail
root="${1:?usage: demo.sh REPOSITORY_ROOT}"
agent="$root/agent/target/scalpel-agent.jar"
app="$root/test-apps/target/scalpel-test-apps.jar"
fixjar="$root/test-apps/target/fixes/scalpel-test-apps-pricing-fix.jar"
work="$(mktemp -d)"
pid=""
shop=""
cleanup() {
  touch "$work/stop"
  [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  [ -n "$shop" ] && wait "$shop" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
scalpel() { printf '$ scalpel %s\n' "$*"; java -jar "$agent" "$@"; }
# Waits, up to 30 s (a JVM start on a busy machine), until the running app has printed $2 lines matching $1
# (it prints a line each time its answer changes).
# $3 names another file to watch than the app's output.
await() {
  local file="${3:-$work/app.out}"
  for _ in $(seq 1 300); do
    if [ "$(grep -c "$1" "$file" 2>/dev/null)" -ge "$2" ] 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "demo: '$1' never appeared $2 times in $file; the apps' output:" >&2
  cat "$work"/*.out "$work"/*.err "$file" >&2
  exit 1
}
# Starts the test app as a service in mode $2 (--serve or --shop), its output in $work/$1.out and
# $work/$1.err. Its standard input is a pipe the demo holds open: the service stops when it closes or
# when $work/stop appears. $! is its pid.
service() {
  local fd
  mkfifo "$work/$1.stdin"
  exec {fd}<>"$work/$1.stdin"
  java -jar "$app" "$2" "$work/stop" > "$work/$1.out" 2> "$work/$1.err" < "$work/$1.stdin" &
}
# Writes to $1, and shows, a manifest of one patch $2 on PriceCalculator#total: the fix $3 in the demo's
# fix jar, ticket $2, then the patch's further lines $4.
manifest() {
  cat > "$1" <<YAML
scalpel: 1
patches:
  - id: $2
    target: dev.scalpel.testapps.pricing.PriceCalculator#total(dev.scalpel.testapps.pricing.Cart, int)
    fix: $3
    jar: $fixjar
    sha256: $(sha256sum "$fixjar" | cut -d' ' -f1)
    ticket: $2
$4
YAML
  cat "$1"
}

step "1. A pricing service is running in production, with a rounding bug: order 1042 comes out a cent short"
# The service prices order 1042 every 100 ms and prints a line each time the answer changes.
service app --serve
pid=$!
await "WRONG" 1
cat "$work/app.out"

step "2. The hotfix: a manifest that redirects PriceCalculator#total to a fixed method in a patch jar"
manifest "$work/hotfix.yaml" PRICE-1 dev.scalpel.testapps.fixes.pricing.PriceFixes#total \
  "    reason: totals computed in double lose half cents"
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

step "6. Act two: a hasty fix that fails on some inputs, shipped with autoRollback"
# A second service prices all four orders in turn, one every 10 ms; a request that fails is answered
# with an error, and the service goes on.
service shop --shop
shop=$!
await "order 1044" 1 "$work/shop.out"
manifest "$work/hasty.yaml" PRICE-2 dev.scalpel.testapps.fixes.pricing.FaultyFixes#failsOnDiscount "\
    autoRollback:
      maxErrorRate: 5%
      minCalls: 20
      window: 10s"
scalpel attach "$shop" "$work/hasty.yaml" --audit "$work/audit-2.jsonl"

step "7. The fix throws on discounted orders: it trips and takes itself out, and the service keeps answering"
await '"event":"patch-tripped"' 1 "$work/audit-2.jsonl"
await "order 1043: .* (expected 15.08)" 2 "$work/shop.out"
scalpel status "$shop"
cat "$work/shop.out"
grep -o '"event":"patch-tripped",.*' "$work/audit-2.jsonl" | grep -o '"event":"patch-tripped","patchId":"[^"]*"\|"outcome":.*"error":"[^"]*"'
scalpel audit verify "$work/audit-2.jsonl"
