#!/usr/bin/env bash
# Makes the test-only TLS fixtures in Tests/FeedsTests/Fixtures: a private CA and a certificate for 127.0.0.1 and
# localhost signed by it (100 years). The tests serve the simulated venues over TLS with the leaf and trust only
# the CA (ECDSA P-256: cheap handshakes in debug builds). Never use these keys for anything else: they are public.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/Tests/FeedsTests/Fixtures"
mkdir -p "$dir"
cd "$dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj "/CN=Bourse test CA" \
    -keyout "$work/ca-key.pem" -out test-ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" -keyout loopback-key.pem -out "$work/loopback.csr"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/loopback.csr" -CA test-ca.pem -CAkey "$work/ca-key.pem" -CAcreateserial \
    -days 36500 -extfile "$work/ext.cnf" -out loopback-cert.pem
rm -f test-ca.srl
echo "wrote $dir/test-ca.pem, loopback-cert.pem, loopback-key.pem"
