#!/usr/bin/env bash
# A new user's walk through `wepaykit serve` with curl: create, look up,
# find, modify, complete KYC, set up settlement, receive IPNs (two failures,
# then retries driven by the manual clock), a cross-user attempt, delete.
# The server records every exchange; the script ends by validating that
# recording with `wepaykit validate`. Needs Go, curl and python3 (for the
# IPN listener). Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/wepaykit" ./cmd/wepaykit
port=${PORT:-18080}; ipnport=$((port + 1))

"$work/wepaykit" serve --addr 127.0.0.1:$port --users 2 --admin --manual-clock --record "$work/flow.jsonl" >"$work/serve.out" 2>"$work/serve.err" &
python3 - "$ipnport" "$work/ipn.log" <<'PY' &
import http.server, sys
port, log, hits = int(sys.argv[1]), sys.argv[2], [0]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        hits[0] += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        open(log, "a").write(f"attempt {hits[0]}: POST {self.path} {body} -> {500 if hits[0] <= 2 else 200}\n")
        self.send_response(500 if hits[0] <= 2 else 200); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PY
for _ in $(seq 50); do grep -q "user user2" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
cat "$work/serve.out"
t1=$(sed -n 's/^user user1 .*token=//p' "$work/serve.out"); t2=$(sed -n 's/^user user2 .*token=//p' "$work/serve.out")
api=http://127.0.0.1:$port/v2; admin=http://127.0.0.1:$port/admin
at=$(sed -n 's/^admin token=//p' "$work/serve.out")
adm() { curl -s -X POST -H "Authorization: Bearer $at" -H 'Content-Type: application/json' "$admin/$1" -d "$2"; }
call() { echo "> $2 $3"; curl -s -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "$api$2" -d "$3" | tee "$work/last"; echo; }

call "$t1" /account/create "{\"name\":\"Cake Shop\",\"description\":\"cakes\",\"reference_id\":\"r1\",\"callback_uri\":\"http://127.0.0.1:$ipnport/ipn?shop=1\"}"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["account_id"])' "$work/last")
call "$t1" /account "{\"account_id\":$id}"
call "$t1" /account/find '{"reference_id":"r1"}'
call "$t1" /account/modify "{\"account_id\":$id,\"description\":\"cakes and pies\"}"
echo "> admin complete_kyc"; adm complete_kyc "{\"account_id\":$id}" >/dev/null
call "$t1" /account/settlement_setup "{\"account_id\":$id,\"settlement_method\":{\"settlement_bank_id\":77},\"frequency\":\"weekly\"}"
call "$t1" /account "{\"account_id\":$id}"
echo "> admin advance 15 min, then 30 min"; adm advance '{"seconds":900}'; echo; adm advance '{"seconds":1800}'; echo
call "$t2" /account "{\"account_id\":$id}"
call "$t1" /account/delete "{\"account_id\":$id}"
call "$t1" /account "{\"account_id\":$id}"
echo "> IPNs received:"; cat "$work/ipn.log"
echo "> delivery log:"; adm deliveries '{}'; echo
kill %1; wait %1 2>/dev/null || true
echo "> wepaykit validate the recording"
"$work/wepaykit" validate --host 127.0.0.1:$port "$work/flow.jsonl"
