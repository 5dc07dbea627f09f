#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 60), from the seed corpus in Fuzz/Corpus, and ends with
# one line "N passed, M failed": N inputs executed, M crashes (a crash, an AddressSanitizer error, an input
# slower than 10 s, or a forged token accepted). Each target also reports the slowest input it ran.
#   fuzz-verify         arbitrary bytes as a token, against the genuine Cognito pool
#   fuzz-mutate         structure-aware changes to the genuine tokens (segments, members, escapes, numbers, nesting)
#   fuzz-jwks           arbitrary bytes as a JWKS document
#   fuzz-authorization  arbitrary bytes as an Authorization header, through the bearer step
# libFuzzer's own leak check is off: it stops at the first input after which an allocation is still live, which
# the verifier's cache legitimately keeps (and Swift's enum payload pointers carry tag bits LeakSanitizer cannot
# follow). Leaks are measured at exit instead: each target's final corpus is replayed once and 20 times per input,
# the verifier and its caches are released before LeakSanitizer's check at exit, and what it reports must not grow
# with the repetitions (it reports nothing today; a lost 8-byte allocation per input shows as 264 → 4976 bytes).
#
#   scripts/fuzz.sh 600        # ten minutes a target
set -uo pipefail
SECONDS_PER_TARGET=${1:-60}
cd "$(dirname "$0")/../Fuzz"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== build (debug, -sanitize=fuzzer,address)"
FLAGS=(-Xswiftc -sanitize=fuzzer,address)
if ! swift build "${FLAGS[@]}" 2>&1 | tail -n 3; then echo "0 passed, 1 failed"; exit 1; fi
BIN=$(swift build "${FLAGS[@]}" --show-bin-path)

executions=0
crashes=0
for target in verify mutate jwks authorization; do
  case $target in mutate) max_len=600 ;; jwks) max_len=300000 ;; *) max_len=16500 ;; esac
  echo "== fuzz-$target for ${SECONDS_PER_TARGET} s"
  mkdir -p "$WORK/corpus-$target"
  cp Corpus/"$target"/* "$WORK/corpus-$target/"
  (cd "$WORK" && ASAN_OPTIONS=detect_leaks=0 "$BIN/fuzz-$target" "$WORK/corpus-$target" \
      -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -detect_leaks=0 -artifact_prefix="$WORK/crash-$target-" >"$WORK/$target.log" 2>&1)
  status=$?
  runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$WORK/$target.log" | tail -n 1)
  executions=$((executions + ${runs:-0}))
  grep -E '^slowest input:|^#[0-9]+ +DONE' "$WORK/$target.log" | tail -n 2
  if [ "$status" -ne 0 ]; then
    crashes=$((crashes + 1))
    grep -E 'ERROR|Fatal error|SUMMARY|accepted a token' "$WORK/$target.log" | head -n 5
    for artifact in "$WORK"/crash-"$target"-*; do
      [ -e "$artifact" ] && cp "$artifact" "$OLDPWD/" 2>/dev/null && echo "input kept: $(basename "$artifact")"
    done
  fi
  # Leaks: the corpus the run ended with, replayed once and then 20 times per input, LeakSanitizer checking at
  # exit. What it reports must not grow with the repetitions: a leak grows with every execution.
  replay() {
    (cd "$WORK" && FUZZ_REPEAT=$1 ASAN_OPTIONS=detect_leaks=1 "$BIN/fuzz-$target" "$WORK/corpus-$target" \
        -runs=0 -detect_leaks=0 -max_len="$max_len" 2>&1 \
        | sed -n 's/^SUMMARY: AddressSanitizer: \([0-9]*\) byte(s) leaked.*/\1/p' | tail -n 1)
  }
  once=$(replay 1)
  many=$(replay 20)
  inputs=$(ls "$WORK/corpus-$target" | wc -l)
  echo "fuzz-$target: $inputs corpus inputs replayed 1× and 20×: ${once:-0} and ${many:-0} bytes unreachable at exit"
  if [ "${many:-0}" -gt "${once:-0}" ]; then
    echo "fuzz-$target: what LeakSanitizer reports grew with the repetitions (a leak)"
    crashes=$((crashes + 1))
  fi
  echo "fuzz-$target: ${runs:-0} executions, exit $status"
done
echo "$executions passed, $crashes failed"
[ "$crashes" -eq 0 ]
