#!/usr/bin/env bash
# Regenerates the OpenAPI test server (Tests/CognitoJWTOpenAPITests/Generated) from openapi.yaml with
# swift-openapi-generator 1.14.3, then formats it. The generated code is committed, so builds and CI never run the
# generator; run this after changing openapi.yaml or openapi-generator-config.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
TESTS=Tests/CognitoJWTOpenAPITests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
git clone -q --depth 1 --branch 1.14.3 https://github.com/apple/swift-openapi-generator.git "$WORK/generator"
swift build --package-path "$WORK/generator" --product swift-openapi-generator
rm -rf "$TESTS/Generated" && mkdir -p "$TESTS/Generated"
"$WORK/generator/.build/debug/swift-openapi-generator" generate "$TESTS/openapi.yaml" \
    --config "$TESTS/openapi-generator-config.yaml" --output-directory "$TESTS/Generated"
swift format format -i -r "$TESTS/Generated"
echo "regenerated $TESTS/Generated"
