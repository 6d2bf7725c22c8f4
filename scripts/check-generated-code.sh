#!/usr/bin/env bash
# Fails when the committed generated code does not match what the .proto files generate.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/generate-protos.sh
if ! git diff --exit-code -- Sources/FazhiProto/Generated clients/c/generated; then
    echo "generated code is stale: run scripts/generate-protos.sh and commit the result" >&2
    exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- Sources/FazhiProto/Generated clients/c/generated)
if [ -n "$untracked" ]; then
    echo "generated files not committed: $untracked" >&2
    exit 1
fi
echo "generated code matches the protos" >&2
