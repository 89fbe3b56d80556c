#!/usr/bin/env bash
# Checks the contract with independent tools from the npm registry (not part
# of CI, which needs only Go): ajv (JSON Schema 2020-12, strict mode, with
# ajv-formats) compiles every schema file and validates every reference
# fixture; Redocly CLI lints the OpenAPI document with its recommended rules.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent ajv@8 ajv-formats@3 @redocly/cli@latest >/dev/null
cat > ajvcheck.js <<'JS'
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const fs = require("fs"), path = require("path");
const [dir, fx] = process.argv.slice(2);
const ajv = new Ajv2020({strict: true, allErrors: true});
addFormats(ajv);
const files = fs.readdirSync(dir).filter(f => f.endsWith(".schema.json"));
for (const f of files) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f))));
for (const f of files) ajv.getSchema("https://schemas.wepaykit.dev/v2/" + f);
console.log(files.length + " schemas compile in ajv strict mode");
const ops = JSON.parse(fs.readFileSync(path.join(dir, "operations.json")));
let fail = 0;
for (const e of JSON.parse(fs.readFileSync(path.join(fx, "index.json")))) {
  const name = e.operation ? ops[e.operation][e.side] : e.schema;
  let data = JSON.parse(fs.readFileSync(path.join(fx, e.file)));
  if (e.pointer) data = data[e.pointer.slice(1)];
  const v = ajv.getSchema("https://schemas.wepaykit.dev/v2/" + name + ".schema.json");
  if (!v(data)) {
    const quirk = (e.quirks || []).map(q => q.id).join(",");
    console.log((quirk ? "expected (quirk " + quirk + "): " : "FAIL: ") + e.name + " " + JSON.stringify(v.errors.map(x => x.instancePath + " " + x.message)));
    if (!quirk) fail++;
  }
}
process.exit(fail ? 1 : 0);
JS
node ajvcheck.js "$repo/schema" "$repo/fixtures/examples"
npx --no-install redocly lint "$repo/spec/openapi.yaml" 2>&1 | grep -v -E "Node.js|nodejs|║|╔|╚|^\s*$"
