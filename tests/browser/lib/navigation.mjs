// Moving around the site: menus, breadcrumbs, the pager, the language switcher, right-to-left
// layout and print.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { ORIGINS, shared, withPage } from "./fixture.mjs";

// Clicks a link and waits until the page it leads to has loaded.
export async function follow(page, selector) {
  const from = page.url();
  await page.click(selector);
  await page.waitForURL((url) => url.href !== from);
  await page.waitForLoadState();
}

for (const origin of ORIGINS) {
  describe(`navigation from ${origin}`, () => {
    let site;
    before(async () => {
      site = await shared();
    });

    it("leads from the language chooser to a lesson, and back by the breadcrumbs", async () => {
      await withPage(site.browser, async (page) => {
        const at = () => site.sitePath(page.url());
        await page.goto(site.url(origin, "shipped", "index.html"));
        await follow(page, '.chooser a[hreflang="en"]');
        assert.equal(at(), "en/index.html");
        await follow(page, ".program-nav li:first-child a");
        assert.equal(at(), "en/basic/index.html");
        await follow(page, ".schedule tbody tr:first-child a");
        assert.equal(at(), "en/basic/01-switching-on.html");
        const crumbs = await page.$$eval(".breadcrumbs li", (items) => items.map((li) => li.textContent.trim()));
        assert.deepEqual(crumbs, ["Digital Families", "Everyday computer use", "Switching on and finding your way"]);
        await follow(page, ".pager-next");
        assert.equal(at(), "en/basic/02-mouse-and-touch.html");
        await follow(page, ".breadcrumbs li:nth-child(2) a");
        assert.equal(at(), "en/basic/index.html");
        await follow(page, ".breadcrumbs li:first-child a");
        assert.equal(at(), "en/index.html");
        await follow(page, `.program-nav a[href$="lessons.html"]`);
        assert.equal(at(), "en/lessons.html");
      });
    });

    it("keeps the page when the language is switched", async () => {
      await withPage(site.browser, async (page) => {
        await page.goto(site.url(origin, "shipped", "en/basic/03-keyboard.html"));
        const steps = [
          ["de", "Die Tastatur", "ltr"],
          ["ar", "لوحة المفاتيح", "rtl"],
          ["uk", "Клавіатура", "ltr"],
          ["en", "The keyboard", "ltr"],
        ];
        for (const [lang, title, dir] of steps) {
          await follow(page, `.language-switcher a[hreflang="${lang}"]`);
          assert.equal(site.sitePath(page.url()), `${lang}/basic/03-keyboard.html`);
          assert.equal(await page.textContent("h1"), title);
          assert.equal(await page.getAttribute("html", "dir"), dir);
        }
      });
    });

    it("keeps the page in a language it is not translated into, and says so", async () => {
      await withPage(site.browser, async (page) => {
        await page.goto(site.url(origin, "mini", "en/course/02-keyboard.html"));
        const arabic = '.language-switcher a[hreflang="ar"]';
        assert.match(await page.textContent(arabic), /not yet translated/);
        await follow(page, arabic);
        assert.equal(site.sitePath(page.url()), "ar/course/02-keyboard.html");
        assert.equal(await page.getAttribute("html", "dir"), "rtl");
        assert.equal(await page.getAttribute("article", "dir"), "ltr");
        assert.ok(await page.isVisible(".notice-untranslated"));
      });
    });

    it("mirrors the layout in Arabic: the navigation sits on the right", async () => {
      await withPage(site.browser, async (page) => {
        const measure = async (lang) => {
          await page.goto(site.url(origin, "shipped", `${lang}/basic/01-switching-on.html`));
          const width = await page.evaluate(() => document.documentElement.clientWidth);
          const box = async (selector) => {
            const b = await page.locator(selector).first().boundingBox();
            return { start: lang === "ar" ? width - b.x - b.width : b.x, left: b.x, right: b.x + b.width };
          };
          return {
            width,
            title: await box(".site-title"),
            nav: await box(".program-nav li:first-child a"),
            crumb: await box(".breadcrumbs li:first-child"),
            heading: await box("h1"),
          };
        };
        const en = await measure("en");
        const ar = await measure("ar");
        for (const part of ["title", "nav", "crumb", "heading"]) {
          assert.ok(en[part].left < en.width / 4, `${part} starts on the left in English`);
          assert.ok(ar[part].right > (ar.width * 3) / 4, `${part} starts on the right in Arabic`);
          assert.ok(Math.abs(en[part].start - ar[part].start) < 2, `${part} has the same inset from its side`);
        }
      });
    });

    it("leaves the navigation out of print", async () => {
      await withPage(site.browser, async (page) => {
        await page.goto(site.url(origin, "shipped", "en/basic/index.html"));
        const navigation = [".site-header", ".program-nav", ".site-search", ".breadcrumbs", ".pager", ".filters"];
        for (const selector of navigation) {
          assert.ok(await page.isVisible(selector), `${selector} is on the screen`);
        }
        await page.emulateMedia({ media: "print" });
        for (const selector of navigation) {
          assert.equal(await page.isVisible(selector), false, `${selector} is not printed`);
        }
        assert.ok(await page.isVisible("h1"));
        assert.ok(await page.isVisible(".schedule"));
      });
    });
  });
}
