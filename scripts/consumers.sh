#!/usr/bin/env bash
# What an app resolves and builds when it depends on swift-cognito-jwt with traits: three consumer packages in a
# temporary folder, each depending on this checkout by path.
#   core      traits: []          product CognitoJWT
#   vapor     traits: ["Vapor"]   product CognitoJWTVapor
#   defaults  (no traits named)   product CognitoJWT
# For each it prints the packages resolved and, when asked, the time of a first debug build. It fails when the
# core consumer resolves any integration's framework, or the Vapor one resolves a framework other than Vapor's.
#
#   scripts/consumers.sh              # resolve only (about a minute; CI runs this, after the fuzz package's
#                                     # build, which is a core-only build)
#   scripts/consumers.sh --build      # and build the core consumer
#   scripts/consumers.sh --build-all  # and build the Vapor consumer too
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IDENTITY=$(basename "$ROOT" | tr '[:upper:]' '[:lower:]')
BUILD=${1:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FRAMEWORKS="vapor hummingbird hummingbird-auth fluent-kit fluent-sqlite-driver fluent-postgres-driver sql-kit \
swift-openapi-runtime openapikit grpc-swift-2 swift-argument-parser swift-prometheus"
failures=0

consumer() {  # name, traits argument ("" for the defaults), product, code
  local name=$1 traits=$2 product=$3 code=$4
  mkdir -p "$WORK/consumer-$name/Sources/App"
  cat >"$WORK/consumer-$name/Package.swift" <<MANIFEST
// swift-tools-version:6.2
import PackageDescription
let package = Package(
    name: "consumer-$name",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$ROOT"$traits)],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "$product", package: "$IDENTITY")])]
)
MANIFEST
  printf '%s\n' "$code" >"$WORK/consumer-$name/Sources/App/main.swift"
  if ! (cd "$WORK/consumer-$name" && rm -rf .build && swift package resolve >"$WORK/consumer-$name.log" 2>&1); then
    echo "consumer $name: resolution failed"; tail -n 5 "$WORK/consumer-$name.log"; failures=$((failures + 1)); return
  fi
  ls "$WORK/consumer-$name/.build/checkouts" | tr '[:upper:]' '[:lower:]' | sort | tr '\n' ' ' >"$WORK/consumer-$name.resolved"
  echo "consumer $name: $(wc -w <"$WORK/consumer-$name.resolved") packages resolved: $(cat "$WORK/consumer-$name.resolved")"
}

check_absent() {  # name, resolved list, allowed framework
  local name=$1 resolved=$2 allowed=${3:-}
  for framework in $FRAMEWORKS; do
    [ "$framework" = "$allowed" ] && continue
    if [[ " $resolved " == *" $framework "* ]]; then
      echo "consumer $name: resolved $framework, which it does not use"; failures=$((failures + 1))
    fi
  done
}

build() {  # name
  case "$BUILD:$1" in --build:core | --build-all:*) ;; *) return 0 ;; esac
  local start=$SECONDS
  if (cd "$WORK/consumer-$1" && swift build >"$WORK/consumer-$1-build.log" 2>&1 && swift run App >/dev/null 2>&1); then
    echo "consumer $1: first debug build $((SECONDS - start)) s, $(grep -c '^\[.*Compiling' "$WORK/consumer-$1-build.log") compile steps"
  else
    echo "consumer $1: build failed"; tail -n 5 "$WORK/consumer-$1-build.log"; failures=$((failures + 1))
  fi
}

consumer core ', traits: []' CognitoJWT 'import CognitoJWT
print(CognitoJWTError.Code.expired.rawValue)'
core=$(cat "$WORK/consumer-core.resolved" 2>/dev/null)
check_absent core "$core"
build core
consumer vapor ', traits: ["Vapor"]' CognitoJWTVapor 'import CognitoJWTVapor

print(CognitoGuardMiddleware.self)'
vapor=$(cat "$WORK/consumer-vapor.resolved" 2>/dev/null)
check_absent vapor "$vapor" vapor
[[ " $vapor " == *" vapor "* ]] || { echo "consumer vapor: Vapor was not resolved"; failures=$((failures + 1)); }
build vapor
consumer defaults '' CognitoJWT 'import CognitoJWT'
defaults=$(cat "$WORK/consumer-defaults.resolved" 2>/dev/null)
for framework in vapor hummingbird grpc-swift-2 swift-openapi-runtime; do
  [[ " $defaults " == *" $framework "* ]] || { echo "consumer defaults: $framework not resolved"; failures=$((failures + 1)); }
done
echo "consumers: $failures failed"
[ "$failures" -eq 0 ]
