# Sourced by the benchmark scripts: builds `bourse` in release, starts `bourse exchange` on a fresh SQLite
# journal in a temporary folder (stopped and deleted on exit), and logs the demo traders in.
# Sets: bin (the bourse binary), data (the folder), pid (the exchange), url (http://host:port),
# tokens (comma-separated session tokens of alice, bob, carol).
# BOURSE_BIN=/path/to/bourse runs that binary instead (A/B runs of two builds); BOURSE_EXCHANGE_ARGS adds
# options to `bourse exchange` (e.g. "--snapshot-interval 0").
if [ -n "${BOURSE_BIN:-}" ]; then
    bin=$BOURSE_BIN
else
    swift build -c release --product bourse >&2
    bin=$(swift build -c release --show-bin-path)/bourse
fi
data=$(mktemp -d)
log=$data/exchange.log
ulimit -n 65536 2>/dev/null || true
"$bin" exchange --data "$data" --port 0 --rate-limit 1000000 ${BOURSE_EXCHANGE_ARGS:-} >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.]*:[0-9]*' "$log" | head -1)
tokens=$(python3 - "$data/credentials.json" "$url" <<'PY'
import json, sys, urllib.request
creds = json.load(open(sys.argv[1])); url = sys.argv[2]
out = []
for user in [u for u in creds["users"] if u["username"] != "admin"]:
    req = urllib.request.Request(url + "/api/v1/auth/login", method="POST",
        data=json.dumps({"username": user["username"], "password": user["password"]}).encode(),
        headers={"Content-Type": "application/json"})
    out.append(json.load(urllib.request.urlopen(req))["token"])
print(",".join(out))
PY
)
