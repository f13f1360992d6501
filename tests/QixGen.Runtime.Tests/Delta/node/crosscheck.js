// Applies each case's patch with fast-json-patch (an independent RFC 6902 implementation) and writes the outcomes.
// Usage: node crosscheck.js <cases.json> <results.json>
//   cases.json:   [{ "doc": <any JSON>, "patch": [operations] }, ...]
//   results.json: [{ "ok": true, "doc": <result> } | { "ok": false, "index": <operation index>, "name": <error name> }, ...]
'use strict';
const fs = require('fs');
const { applyOperation } = require('fast-json-patch');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node crosscheck.js <cases.json> <results.json>');
  process.exit(2);
}

const cases = JSON.parse(fs.readFileSync(input, 'utf8'));
const results = cases.map(({ doc, patch }) => {
  // One operation at a time, as applyPatch does, because applyPatch's validation errors report index 0
  // whichever operation failed (fast-json-patch 3.1.1 passes 0 to its validator); only "test" failures carry the real index.
  let document = doc;
  for (let i = 0; i < patch.length; i++) {
    try {
      // validateOperation = true: the strictest mode fast-json-patch has (bounds and existence checks).
      document = applyOperation(document, patch[i], true, true, true, i).newDocument;
    } catch (e) {
      return { ok: false, index: i, name: String(e.name || e.message) };
    }
  }
  return { ok: true, doc: document === undefined ? null : document };
});
fs.writeFileSync(output, JSON.stringify(results));
