#!/usr/bin/env bash
# Regenerates the committed protobuf code from proto/fazhi/v1/*.proto:
#   Sources/FazhiProto/Generated/*.pb.swift  (swift-protobuf's protoc-gen-swift, built once
#                                            from the version Package.swift resolves)
#   clients/c/generated/fazhi/v1/*.pb-c.{c,h}  (protoc-c, for the C client)
# Needs protoc (protobuf-compiler) and protoc-c (protobuf-c-compiler) from Debian.
# Never edit the generated files by hand; change the .proto and run this script.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }
command -v protoc-c >/dev/null || { echo "protoc-c not found: apt-get install protobuf-c-compiler" >&2; exit 1; }

# protoc-gen-swift: built once per swift-protobuf version, in its own scratch path so it
# never invalidates the main build.
scratch=.build-protoc
plugin="$scratch/release/protoc-gen-swift"
if [ ! -x "$plugin" ] || [ "${FAZHI_REBUILD_PLUGIN:-0}" = 1 ]; then
    swift package resolve >/dev/null
    echo "building protoc-gen-swift (once, about 1.5 minutes)..." >&2
    swift build -c release --product protoc-gen-swift --package-path .build/checkouts/swift-protobuf \
        --scratch-path "$scratch" >&2
fi

protos=$(cd proto && ls fazhi/v1/*.proto)

out=Sources/FazhiProto/Generated
rm -rf "$out" && mkdir -p "$out"
(cd proto && protoc --plugin=protoc-gen-swift="../$plugin" \
    --swift_opt=Visibility=Package \
    --swift_opt=FileNaming=DropPath \
    --swift_opt=UseAccessLevelOnImports=true \
    --swift_out="../$out" $protos)

cout=clients/c/generated
rm -rf "$cout" && mkdir -p "$cout"
(cd proto && protoc-c --c_out="../$cout" $protos)

echo "generated: $(ls "$out" | wc -l) Swift files, $(find "$cout" -name '*.pb-c.c' | wc -l) C files" >&2
