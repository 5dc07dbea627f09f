#!/usr/bin/env bash
# The whole test suite under ThreadSanitizer (`swift test --sanitize=thread`, its own build folder .build-tsan),
# through scripts/test.sh (so PostgreSQL is there too). Any data race TSan reports fails the run: in the test
# process (exit status) and in the processes the tests start (their stderr, which the tests read, carries the
# report). Ends with "N passed, M failed" (tests).
#
#   scripts/tsan.sh                       # everything
#   scripts/tsan.sh --filter CognitoJWTTests
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/test-summary.sh
# The suppressions name only other packages' code that TSan cannot read correctly (tsan-suppressions.txt).
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan-suppressions.txt ${TSAN_OPTIONS:-}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== swift test --sanitize=thread"
scripts/test.sh --sanitize=thread --build-path .build-tsan "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
races=$(grep -c 'WARNING: ThreadSanitizer' "$log" || true)
if [ "$races" -ne 0 ]; then
    status=1
    # Each report again at the end, where a shortened log still shows it: the test that was running, then the
    # report's first 60 lines.
    awk '/^◇ Test / { running = $0 }
         /WARNING: ThreadSanitizer/ { inside = 1; lines = 0; print "== ThreadSanitizer report during: " running }
         inside && lines < 60 { print; lines++ }
         /^SUMMARY: ThreadSanitizer/ { inside = 0 }' "$log"
fi
echo "ThreadSanitizer reports: $races"
summarize "$log" "$status"
