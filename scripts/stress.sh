#!/usr/bin/env bash
# Load and hostile input: key rotation under load through the Vapor and the Hummingbird adapters (REQUESTS
# requests each, default 100000; JWKS fetches asserted exactly), and hostile HTTP input to the demo API (huge,
# repeated, control-character and non-UTF-8 Authorization headers; SLOW_CLIENTS slow clients, default 1000).
# The test suite runs the same suites at a smaller size. Prints the figures, then "N passed, M failed" (tests).
#
#   scripts/stress.sh                 # 100000 requests per adapter
#   scripts/stress.sh 10000 500       # shorter
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/test-summary.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export STRESS_REQUESTS=${1:-100000} STRESS_SLOW_CLIENTS=${2:-1000}
echo "== key rotation under load ($STRESS_REQUESTS requests per adapter), hostile input ($STRESS_SLOW_CLIENTS slow clients)"
scripts/test.sh --filter 'RotationUnderLoadTests|HostileDemoTests|HostileHeaderTests' 2>&1 | tee "$log"
summarize "$log" "${PIPESTATUS[0]}"
