# Sourced by the scripts that run test suites: `summarize LOG STATUS` prints the figure lines the tests wrote,
# then one line "N passed, M failed" (tests passed and failed, per Swift Testing's report in LOG), and returns
# non-zero when a test failed, no test ran, or STATUS (the test command's exit status) is non-zero.
summarize() {
    local log=$1 status=$2 passed failed
    grep -E '^figure: ' "$log" | sed 's/^figure: //' || true
    passed=$(grep -E '^✔ Test .* passed after' "$log" | grep -vc '^✔ Test run with' || true)
    failed=$(grep -E '^✘ Test .* failed after' "$log" | grep -vc '^✘ Test run with' || true)
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
