#!/usr/bin/env bash
# Regenerates the committed protobuf and gRPC code of Protos/*.proto (run once after changing a .proto).
# Needs protoc (Debian: protobuf-compiler) and the two Swift plugins, built from the pinned packages:
#   mkdir -p /tmp/protogen && cd /tmp/protogen && (Package.swift depending on apple/swift-protobuf 1.39.0 and
#   grpc/grpc-swift-protobuf 2.4.1) && swift build -c release --product protoc-gen-swift \
#   && swift build -c release --product protoc-gen-grpc-swift-2
# then: PLUGINS=/tmp/protogen/.build/release bash scripts/generate-grpc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PLUGINS="${PLUGINS:-/work/protogen/.build/release}"
OUT=Sources/IO/AggregatorAPI/Generated
mkdir -p "$OUT"
protoc --proto_path=Protos \
  --plugin=protoc-gen-swift="$PLUGINS/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift-2="$PLUGINS/protoc-gen-grpc-swift-2" \
  --swift_opt=Visibility=Public \
  --swift_out="$OUT" \
  --grpc-swift-2_opt=Visibility=Public \
  --grpc-swift-2_out="$OUT" \
  Protos/orderbook.proto Protos/reflection.proto
# The descriptor set, for gRPC server reflection.
protoc --proto_path=Protos --include_imports --descriptor_set_out="$OUT/orderbook.pb" Protos/orderbook.proto Protos/reflection.proto
{ echo "/// The serialized FileDescriptorSet of Protos/*.proto (generated), for server reflection."
  printf 'let descriptorSetBase64 = "%s"\n' "$(base64 -w0 "$OUT/orderbook.pb")"; } > "$OUT/DescriptorSet.swift"
rm "$OUT/orderbook.pb"
echo "generated into $OUT"
