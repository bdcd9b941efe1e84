// The lesson filters of the "all lessons" page and of the program pages.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { ORIGINS, shared, withPage } from "./fixture.mjs";

// The lessons of a filtered list, each with its data and whether it is shown.
function rows(page, body) {
  return page.$$eval(`#${body} tr`, (trs) =>
    trs.map((tr) => ({
      program: tr.dataset.program,
      minutes: Number(tr.dataset.minutes),
      areas: tr.dataset.areas.split(" "),
      level: tr.dataset.level,
      shown: !tr.hidden && tr.getBoundingClientRect().height > 0,
    })),
  );
}

for (const origin of ORIGINS) {
  describe(`filters from ${origin}`, () => {
    let site;
    before(async () => {
      site = await shared();
    });

    it("narrow all lessons by unit, duration, DigComp area and level", async () => {
      await withPage(site.browser, async (page) => {
        await page.goto(site.url(origin, "shipped", "en/lessons.html"));
        const all = await rows(page, "all-lessons");
        assert.ok(all.length > 50 && all.every((r) => r.shown));
        assert.equal(await page.textContent(".filter-status"), `Lessons shown: ${all.length} of ${all.length}`);
        const checks = [
          ["program", "family", (r) => r.program === "family"],
          ["duration", "0-90", (r) => r.minutes <= 90],
          ["duration", "241-", (r) => r.minutes > 240],
          ["area", "2", (r) => r.areas.includes("2")],
          ["level", "3", (r) => r.level === "3"],
        ];
        for (const [name, value, keep] of checks) {
          await page.selectOption(`#all-lessons-${name}`, value);
          const now = await rows(page, "all-lessons");
          const expected = now.filter(keep).length;
          assert.ok(expected > 0 && expected < all.length, `${name} ${value} leaves some lessons out`);
          assert.ok(now.every((r) => r.shown === keep(r)), `${name} ${value} shows exactly its lessons`);
          assert.equal(await page.textContent(".filter-status"), `Lessons shown: ${expected} of ${all.length}`);
          await page.click(".filters button[type=reset]");
          await page.waitForFunction(() => document.querySelectorAll("#all-lessons tr[hidden]").length === 0);
        }
        // Filters combine; a combination nothing matches says so.
        assert.equal(await page.isVisible("#all-lessons-empty"), false);
        await page.selectOption("#all-lessons-program", "sponsor-seminar");
        await page.selectOption("#all-lessons-level", "1");
        assert.ok((await rows(page, "all-lessons")).every((r) => !r.shown));
        assert.ok(await page.isVisible("#all-lessons-empty"));
      });
    });

    it("narrow a unit's schedule on its program page", async () => {
      await withPage(site.browser, async (page) => {
        await page.goto(site.url(origin, "mini", "en/course/index.html"));
        assert.equal(await page.$("#schedule-lessons-program"), null, "one unit needs no unit filter");
        await page.selectOption("#schedule-lessons-area", "3");
        const shown = (await rows(page, "schedule-lessons")).filter((r) => r.shown);
        assert.deepEqual(shown.map((r) => r.areas), [["3"]]);
        assert.equal(await page.textContent(".schedule tbody tr:not([hidden]) a"), "The keyboard");
      });
    });
  });
}
