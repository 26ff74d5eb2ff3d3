#!/usr/bin/env bash
# Scalpel's demo: a real buggy app, a real hotfix, a real rollback. Run it as `./scalpel demo`.
set -euo pipefail
root="${1:?usage: demo.sh REPOSITORY_ROOT}"
agent="$root/agent/target/scalpel-agent.jar"
app="$root/test-apps/target/scalpel-test-apps.jar"
fixjar="$root/test-apps/target/fixes/scalpel-test-apps-pricing-fix.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. The pricing service has a rounding bug: two orders come out a cent short"
java -jar "$app"

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
java -jar "$agent" validate "$work/hotfix.yaml" --classpath "$app"

step "3. The same service started with the agent: every order is right"
java -javaagent:"$agent"=manifest="$work/hotfix.yaml",audit="$work/audit.jsonl" -jar "$app"

step "4. Rolled back: without the manifest the original code runs again"
java -jar "$app"
