#!/usr/bin/env bash
# Performance of swift-cognito-jwt, as ratios measured side by side in one run (see README.md).
#
#   Benchmarks/ratios.sh
#
# Environment:
#   RSS_TOKEN_COUNT   distinct tokens for the memory run (default 1000000; minting them takes minutes)
#   HTTP_SECONDS      length of each wrk run (default 5)
#   HTTP_ROUNDS       open/protected rounds (default 5)
#   HTTP_PORT         port of the benchmark server on 127.0.0.1 (default 18080)
#   DOS_SECONDS       length of each wrk run of the forged-token rounds (default 1)
#   DOS_ROUNDS        yardstick/forged rounds per shape (default 3)
#   ORDO_BENCHMARKS   1: also run the ordo-one suite (`swift package benchmark`) first
#   ALLOC_SITES       0: skip the list of a cold verification's allocation sites (needs llvm-symbolizer)
#   PROFILE           1: also sample a cold verification loop with perf and print the top symbols
#   NICE              command prefix for builds and runs (default "nice -n 10")
#
# Ends with one figure a line: cold/rsa, cold/jwtkit, warm/rsa, allocs/cold, allocs/warm, scale/2tasks,
# scale/2tasks-vs-rsa (the verifier's two-task speed-up over bare RSA's, same rounds), scale/warm-2tasks,
# scale/8tasks-vs-2tasks (eight tasks on the cores against two, the same work: contention alone),
# http/warm-vs-open, http/userstore-vs-claims, userstore/statements-per-warm-request, http/distinct-rps,
# rss/1M-distinct-MiB, dos/worst-forged-vs-rejected (the verifier, every forged shape against a well-formed token
# of the same size with a bad signature), dos/16k-vs-1k-rejected (what the size alone costs: SHA-256 over the
# bytes), dos/http-worst-forged-vs-rejected (the same shapes over HTTP).
set -euo pipefail
cd "$(dirname "$0")"

NICE=${NICE:-nice -n 10}
HTTP_SECONDS=${HTTP_SECONDS:-5}
HTTP_ROUNDS=${HTTP_ROUNDS:-5}
HTTP_PORT=${HTTP_PORT:-18080}
DOS_SECONDS=${DOS_SECONDS:-1}
DOS_ROUNDS=${DOS_ROUNDS:-3}
export RSS_TOKEN_COUNT=${RSS_TOKEN_COUNT:-1000000}
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

section() { printf '\n== %s\n' "$*"; }

# The machine may be shared: never start a build while another one runs.
wait_for_other_builds() {
  local waited=0
  while pgrep -x swift-build >/dev/null; do
    if [ $waited -eq 0 ]; then echo "waiting for another swift-build to finish..."; fi
    sleep 10; waited=$((waited + 10))
  done
}

section "machine"
echo "cores: $(nproc); $(lscpu | grep 'Model name' | sed 's/  */ /g')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

section "build (release)"
wait_for_other_builds
$NICE swift build -c release --product ratio-runner 2>&1 | tail -n 3
$NICE swift build -c release --product alloc-count 2>&1 | tail -n 3
$NICE swift build -c release --product bench-server 2>&1 | tail -n 3
BIN=$(swift build -c release --show-bin-path)

if [ "${ORDO_BENCHMARKS:-0}" = 1 ]; then
  section "ordo-one package-benchmark suite"
  wait_for_other_builds
  $NICE swift package --allow-writing-to-package-directory benchmark --no-progress
fi

section "single task: interleaved rounds (ratio-runner ratios)"
$NICE "$BIN/ratio-runner" ratios | tee "$WORK/ratios.txt"

section "allocations (alloc-count)"
if [ "${ALLOC_SITES:-1}" = 1 ] && command -v llvm-symbolizer >/dev/null && command -v swift-demangle >/dev/null; then
  $NICE "$BIN/alloc-count" --stacks cold | tee "$WORK/allocs.txt"
else
  $NICE "$BIN/alloc-count" | tee "$WORK/allocs.txt"
fi

if [ "${PROFILE:-0}" = 1 ]; then
  section "profile of a cold verification loop (perf, cpu-clock, DWARF call graphs)"
  command -v perf >/dev/null || apt-get install -y linux-perf >/dev/null 2>&1 || true
  $NICE "$BIN/ratio-runner" profile cold --seconds 16 >"$WORK/profile.out" &
  PROFILED=$!
  for _ in $(seq 1 240); do grep -q '^profiling' "$WORK/profile.out" && break; sleep 0.5; done
  PID=$(sed -n 's/.*(pid \([0-9]*\)).*/\1/p' "$WORK/profile.out")
  sleep 1
  $NICE perf record -q -e cpu-clock -F 1000 --call-graph dwarf,16384 -p "$PID" -o "$WORK/perf.data" -- sleep 10 >/dev/null 2>&1 || true
  wait "$PROFILED" || true
  $NICE perf report -i "$WORK/perf.data" --children --stdio --no-call-graph --sort symbol --percent-limit 1 2>/dev/null \
    | swift-demangle --simplified | grep -v -e '^#' -e '^$' -e '(inlined)' -e dispatch -e clone3 -e start_thread \
        -e swift_job_run -e runJobInEstablishedExecutorContext | sed 's/  */ /g' | cut -c1-150 | head -n 50 || true
fi

section "HTTP: Hummingbird on 127.0.0.1, wrk"
if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  (apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y wrk >/dev/null))
fi
$NICE "$BIN/bench-server" --port "$HTTP_PORT" --tokens-dir "$WORK" --distinct 20000 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
URL="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 240); do
  if curl -fs "$URL/open" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log"; echo "bench-server died"; exit 1; fi
  sleep 0.5
done
WARM=$(cat "$WORK/warm.txt")
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(status "$URL/protected" -H "Authorization: Bearer $WARM")" = 200 ] || { echo "protected route refused the warm token"; exit 1; }
[ "$(status "$URL/protected")" = 401 ] || { echo "protected route did not answer 401 without a token"; exit 1; }
[ "$(curl -s "$URL/open")" = "$(curl -s "$URL/protected" -H "Authorization: Bearer $WARM")" ] || { echo "bodies differ"; exit 1; }
echo "sanity: /protected 200 with the token, 401 without; identical bodies"

# wrk on one thread, 32 connections; every run carries the same Authorization header.
run_wrk() {  # name, path, seconds, extra wrk arguments...
  local name=$1 path=$2 seconds=$3; shift 3
  local out="$WORK/wrk-$name.txt"
  $NICE wrk -t1 -c32 -d"${seconds}s" "$@" "$URL$path" >"$out"
  if grep -q 'Non-2xx' "$out"; then cat "$out"; echo "$name: some responses were not 2xx"; exit 1; fi
  local rps
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  if [ -z "$rps" ]; then cat "$out"; echo "$name: wrk reported no rate"; exit 1; fi
  echo "$rps"
}
run_wrk warmup /protected 2 -H "Authorization: Bearer $WARM" >/dev/null
run_wrk warmup /open 2 -H "Authorization: Bearer $WARM" >/dev/null
RATIOS=()
for round in $(seq 1 "$HTTP_ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    OPEN=$(run_wrk open /open "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
    PROT=$(run_wrk protected /protected "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
  else
    PROT=$(run_wrk protected /protected "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
    OPEN=$(run_wrk open /open "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
  fi
  RATIO=$(awk -v p="$PROT" -v o="$OPEN" 'BEGIN {printf "%.4f", p / o}')
  RATIOS+=("$RATIO")
  echo "round $round: open $OPEN req/s, protected (warm token) $PROT req/s, ratio $RATIO"
done
HTTP_WARM=$(printf '%s\n' "${RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}')

# The user store: /me answered from the stored user (CognitoUserStore on SQLite, warm user) against /me answered
# from the claims, same server, same token; and the store's statements per request while the user is warm.
[ "$(status "$URL/me/store" -H "Authorization: Bearer $WARM")" = 200 ] || { echo "/me/store refused the warm token"; exit 1; }
[ "$(status "$URL/me/claims" -H "Authorization: Bearer $WARM")" = 200 ] || { echo "/me/claims refused the warm token"; exit 1; }
[ "$(status "$URL/me/store")" = 401 ] || { echo "/me/store did not answer 401 without a token"; exit 1; }
echo "sanity: /me/store and /me/claims 200 with the token; /me/store 401 without"
run_wrk warmup /me/store 2 -H "Authorization: Bearer $WARM" >/dev/null
run_wrk warmup /me/claims 2 -H "Authorization: Bearer $WARM" >/dev/null
read -r UH0 UM0 US0 <<<"$(curl -s "$URL/userstore-stats")"
STORE_REQUESTS=0
STORE_RATIOS=()
for round in $(seq 1 "$HTTP_ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then
    CLAIMS=$(run_wrk me-claims /me/claims "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
    STORE=$(run_wrk me-store /me/store "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
  else
    STORE=$(run_wrk me-store /me/store "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
    CLAIMS=$(run_wrk me-claims /me/claims "$HTTP_SECONDS" -H "Authorization: Bearer $WARM")
  fi
  STORE_REQUESTS=$((STORE_REQUESTS + $(awk '/requests in/ {print $1}' "$WORK/wrk-me-store.txt")))
  RATIO=$(awk -v s="$STORE" -v c="$CLAIMS" 'BEGIN {printf "%.4f", s / c}')
  STORE_RATIOS+=("$RATIO")
  echo "round $round: /me from the claims $CLAIMS req/s, /me from the user store (warm) $STORE req/s, ratio $RATIO"
done
read -r UH1 UM1 US1 <<<"$(curl -s "$URL/userstore-stats")"
HTTP_USERSTORE=$(printf '%s\n' "${STORE_RATIOS[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}')
STATEMENTS_PER_WARM=$(awk -v s=$((US1 - US0)) -v n="$STORE_REQUESTS" 'BEGIN {printf "%.4f", s / n}')
echo "user store during the /me/store runs: $((UH1 - UH0)) cache hits, $((UM1 - UM0)) misses (the 30 s time-to-live), $((US1 - US0)) statements, $STORE_REQUESTS requests"

BEFORE=$(curl -s "$URL/stats")
DISTINCT=$(TOKENS_FILE="$WORK/distinct.txt" run_wrk distinct /protected $((HTTP_SECONDS * 2)) -s wrk/distinct.lua)
AFTER=$(curl -s "$URL/stats")
read -r H0 M0 _ <<<"$BEFORE"; read -r H1 M1 E1 <<<"$AFTER"
echo "distinct tokens: $DISTINCT req/s; cache during the run: $((H1 - H0)) hits, $((M1 - M0)) misses ($E1 entries)"

section "HTTP: forged tokens of pathological shapes vs well-formed 16 kB tokens with a bad signature (wrk)"
rps_rejected() {  # tokens file, seconds: requests per second of /protected, every answer a refusal
  local out="$WORK/wrk-dos.txt"
  TOKENS_FILE=$1 $NICE wrk -t1 -c32 -d"${2}s" -s wrk/distinct.lua "$URL/protected" >"$out"
  local total refused
  total=$(awk '/requests in/ {print $1}' "$out"); refused=$(awk '/Non-2xx/ {print $NF}' "$out")
  [ -n "$total" ] && [ "$total" = "${refused:-0}" ] || { cat "$out"; echo "dos: a forged or broken token was accepted"; exit 1; }
  awk '/Requests\/sec/ {print $2}' "$out"
}
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
DOS_WORST=0; DOS_WORST_NAME=""
for file in "$WORK"/dos-shape-*.txt; do
  name=$(basename "$file" .txt); name=${name#dos-shape-}
  SHAPE_RATIOS=()
  for round in $(seq 1 "$DOS_ROUNDS"); do
    YARD=$(rps_rejected "$WORK/dos-yardstick.txt" "$DOS_SECONDS")
    FORGED=$(rps_rejected "$file" "$DOS_SECONDS")
    SHAPE_RATIOS+=("$(awk -v y="$YARD" -v f="$FORGED" 'BEGIN {printf "%.4f", y / f}')")
  done
  R=$(printf '%s\n' "${SHAPE_RATIOS[@]}" | median)
  printf '%-26s bad signature %8.0f req/s, forged %8.0f req/s (last round); cost ratio %s\n' "$name" "$YARD" "$FORGED" "$R"
  if awk -v r="$R" -v w="$DOS_WORST" 'BEGIN {exit !(r > w)}'; then DOS_WORST=$R; DOS_WORST_NAME=$name; fi
done
echo "worst over HTTP: $DOS_WORST_NAME"
echo "dos/http-worst-forged-vs-rejected $DOS_WORST" >"$WORK/dos-http.txt"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

section "forged tokens in-process: one verifier, interleaved rounds (ratio-runner dos)"
$NICE "$BIN/ratio-runner" dos | tee "$WORK/dos.txt"

section "memory: $RSS_TOKEN_COUNT distinct tokens through one verifier (ratio-runner rss)"
$NICE "$BIN/ratio-runner" rss | tee "$WORK/rss.txt"

section "results"
figure() { grep -E "^$1 " "$2" | tail -n 1; }
figure cold/rsa "$WORK/ratios.txt"
figure cold/jwtkit "$WORK/ratios.txt"
figure warm/rsa "$WORK/ratios.txt"
figure allocs/cold "$WORK/allocs.txt"
figure allocs/warm "$WORK/allocs.txt"
figure scale/2tasks "$WORK/ratios.txt"
figure scale/2tasks-vs-rsa "$WORK/ratios.txt"
figure scale/warm-2tasks "$WORK/ratios.txt"
figure scale/8tasks-vs-2tasks "$WORK/ratios.txt"
echo "http/warm-vs-open $HTTP_WARM"
echo "http/userstore-vs-claims $HTTP_USERSTORE"
echo "userstore/statements-per-warm-request $STATEMENTS_PER_WARM"
echo "http/distinct-rps $(printf '%.0f' "$DISTINCT")"
figure rss/1M-distinct-MiB "$WORK/rss.txt"
figure dos/worst-forged-vs-rejected "$WORK/dos.txt"
figure dos/16k-vs-1k-rejected "$WORK/dos.txt"
figure dos/http-worst-forged-vs-rejected "$WORK/dos-http.txt"
