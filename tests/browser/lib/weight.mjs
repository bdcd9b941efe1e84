// Page weight: the HTML, CSS and JavaScript each kind of page needs, images aside. The table is
// printed with the test results; set DIGIFAM_WEIGHT_REPORT to a file name to get it as JSON too.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";

import { KINDS, NEUTRAL } from "./accessibility.mjs";
import { shared } from "./fixture.mjs";

// At most 60 KB per page before images, the search index (loaded by the search page alone) aside.
const BUDGET = 60 * 1024;
const INDEX = /search-index\.js$/;

// The bytes of a page and of the style sheets and scripts it loads.
function weigh(site, page) {
  const file = path.join(site, page);
  const html = fs.readFileSync(file, "utf8");
  const weight = { html: Buffer.byteLength(html), css: 0, js: 0, index: 0 };
  const references = html.matchAll(/<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"/g);
  for (const [, css, js] of references) {
    const bytes = fs.statSync(path.resolve(path.dirname(file), css || js)).size;
    if (css) {
      weight.css += bytes;
    } else if (INDEX.test(js)) {
      weight.index += bytes;
    } else {
      weight.js += bytes;
    }
  }
  return weight;
}

describe("page weight", () => {
  let site;
  before(async () => {
    site = await shared();
  });

  it("keeps every kind of page under 60 KB besides images and the search index", (t) => {
    const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(6);
    const rows = [];
    const report = {};
    const kinds = [...Object.entries(NEUTRAL).map(([k, p]) => [k, [p]]), ...Object.entries(KINDS).map(([k, p]) => [k, ["en", "de", "ar", "uk"].map((l) => `${l}/${p}`)])];
    for (const [kind, paths] of kinds) {
      for (const page of paths) {
        const w = weigh(path.join(site.dir, "shipped"), page);
        const total = w.html + w.css + w.js;
        report[page] = { kind, ...w, total };
        rows.push(`${page.padEnd(62)} html ${kib(w.html)}  css ${kib(w.css)}  js ${kib(w.js)}  total ${kib(total)} KiB${w.index ? `  + index ${kib(w.index)} KiB` : ""}`);
      }
    }
    t.diagnostic("HTML + CSS + JS per page (KiB):");
    rows.forEach((row) => t.diagnostic(row));
    if (process.env.DIGIFAM_WEIGHT_REPORT) {
      fs.writeFileSync(process.env.DIGIFAM_WEIGHT_REPORT, JSON.stringify(report, null, 2));
    }
    for (const [page, w] of Object.entries(report)) {
      assert.ok(w.total <= BUDGET, `${page} needs ${w.total} bytes`);
    }
  });
});
