// WCAG 2.1 AA: axe-core over every kind of page in English, German and Arabic; the skip link;
// visible focus; small screens and 200 % zoom.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { before, describe, it } from "node:test";

import { DESKTOP, shared, withPage } from "./fixture.mjs";

// axe is injected as an inline script, which the pages' Content-Security-Policy refuses.
const audited = (browser, use) => withPage(browser, use, DESKTOP, { bypassCSP: true });

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LANGUAGES = ["en", "de", "ar"];

// Every kind of page, by name: where it is in a language's folder, and in which site.
export const KINDS = {
  home: "index.html",
  program: "basic/index.html",
  lesson: "basic/01-switching-on.html",
  participant: "basic/01-switching-on.participant.html",
  "guide chapter": "implementation-guide/01-the-target-group-and-its-needs.html",
  overview: "basic/overview.html",
  materials: "basic/materials.html",
  glossary: "basic/glossary.html",
  matrix: "digcomp.html",
  lessons: "lessons.html",
  search: "search.html",
  status: "status.html",
};
// Pages outside the language folders.
export const NEUTRAL = { chooser: "index.html", "not found": "404.html" };
// Queries for the search page's results, so that axe sees them too.
const QUERIES = { en: "computer", de: "computer", ar: "الحاسوب" };

// Every page to check, as [name, path in the shipped site].
export function pages(languages = LANGUAGES) {
  const list = Object.entries(NEUTRAL);
  for (const lang of languages) {
    for (const [kind, path] of Object.entries(KINDS)) {
      list.push([`${kind} (${lang})`, `${lang}/${path}`]);
    }
  }
  return list;
}

async function violations(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({
      rule: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ")}`),
    }));
  }, WCAG_21_AA);
}

function address(site, path, lang) {
  const query = path.endsWith("search.html") ? `?q=${encodeURIComponent(QUERIES[lang])}` : "";
  return site.url("http", "shipped", path) + query;
}

describe("accessibility", () => {
  let site;
  before(async () => {
    site = await shared();
  });

  it("every kind of page exists in the shipped site", async () => {
    for (const [name, path] of pages()) {
      assert.ok(fs.existsSync(`${site.dir}/shipped/${path}`), `${name}: ${path}`);
    }
  });

  for (const [name, path] of pages()) {
    it(`${name} has no WCAG 2.1 AA violations`, async () => {
      await audited(site.browser, async (page) => {
        await page.goto(address(site, path, path.split("/")[0]));
        assert.deepEqual(await violations(page), []);
      });
    });
  }

  it("an untranslated lesson and its fallback notice have no violations", async () => {
    await audited(site.browser, async (page) => {
      await page.goto(site.url("http", "mini", "ar/course/02-keyboard.html"));
      assert.deepEqual(await violations(page), []);
    });
  });

  it("offers a skip link as the first stop of the keyboard", async () => {
    await withPage(site.browser, async (page) => {
      await page.goto(site.url("http", "shipped", "ar/basic/01-switching-on.html"));
      await page.keyboard.press("Tab");
      const link = await page.evaluate(() => {
        const a = document.activeElement;
        const box = a.getBoundingClientRect();
        return { skip: a.classList.contains("skip-link"), top: box.top, bottom: box.bottom };
      });
      assert.ok(link.skip, "the first Tab reaches the skip link");
      assert.ok(link.top >= 0 && link.bottom <= 800, "the focused skip link is on the screen");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id), "main");
    });
  });

  it("shows where the keyboard focus is, on every control", async () => {
    await withPage(site.browser, async (page) => {
      for (const path of ["en/lessons.html", "ar/search.html?q=" + encodeURIComponent("السر"), "de/basic/03-keyboard.html"]) {
        await page.goto(site.url("http", "shipped", path));
        await page.evaluate(() => document.activeElement.blur());
        const seen = new Set();
        for (let stop = 0; stop < 40; stop++) {
          await page.keyboard.press("Tab");
          const focus = await page.evaluate(() => {
            const e = document.activeElement;
            const style = getComputedStyle(e);
            return {
              tag: e.tagName.toLowerCase(),
              what: `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""} ${e.textContent.slice(0, 30)}`,
              outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
            };
          });
          // Past the last control the focus leaves the page.
          if (focus.tag === "body") {
            break;
          }
          seen.add(focus.tag);
          assert.ok(focus.outline, `${path}: ${focus.what} shows a focus outline`);
        }
        assert.ok(seen.has("a"), `${path}: links were reached`);
      }
    });
  });

  // 320 CSS pixels is the WCAG reflow width; 640 is a 1280 px screen at 200 % zoom.
  for (const width of [320, 640]) {
    it(`fits ${width} px without sideways scrolling`, async () => {
      await withPage(
        site.browser,
        async (page) => {
          for (const [name, path] of pages(["en", "ar"])) {
            await page.goto(address(site, path, path.split("/")[0]));
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${name} is ${overflow} px too wide`);
          }
        },
        { width, height: 640 },
      );
    });
  }
});
