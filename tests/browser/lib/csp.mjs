// The Content-Security-Policy every page carries: the site's own scripts work (search, filters,
// the language switcher) from file:// and over http with no violation reported, and a script
// put into the page inline, or as an event handler, does not run.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { ORIGINS, shared, withPage } from "./fixture.mjs";
import { follow } from "./navigation.mjs";

// Collects the policy violations the page reports, and its console errors.
function watch(page) {
  const seen = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      seen.push(message.text());
    }
  });
  return seen;
}

for (const origin of ORIGINS) {
  describe(`content security policy from ${origin}`, () => {
    let site;
    before(async () => {
      site = await shared();
    });

    it("lets the site's own scripts work without a violation", async () => {
      await withPage(site.browser, async (page) => {
        const errors = watch(page);
        await page.addInitScript(() => {
          window.__violations = [];
          document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
        });
        await page.goto(site.url(origin, "shipped", "de/index.html"));
        const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
        const directives = Object.fromEntries(policy.split(";").map((d) => d.trim().split(/ (.*)/s).slice(0, 2)));
        assert.equal(directives["script-src"], "'self'", "scripts only from the site's own files");
        assert.equal(directives["object-src"], "'none'");
        await page.fill("#site-search-query", "tastatur");
        await page.press("#site-search-query", "Enter");
        await page.waitForSelector(".search-result");
        await follow(page, `.language-switcher a[hreflang="ar"]`);
        await page.goto(site.url(origin, "shipped", "en/lessons.html"));
        await page.selectOption("#all-lessons-program", "sponsor-seminar");
        assert.match(await page.textContent(".filter-status"), /^Lessons shown: \d+ of \d+$/);
        assert.deepEqual(await page.evaluate(() => window.__violations), []);
        assert.deepEqual(errors.filter((e) => /Content Security Policy/i.test(e)), []);
      });
    });

    it("does not run a script put into a page inline or as an event handler", async () => {
      await withPage(site.browser, async (page) => {
        await page.goto(site.url(origin, "mini", "en/course/01-mouse.html"));
        await page.evaluate(() => {
          const script = document.createElement("script");
          script.textContent = "window.__inline = true";
          document.body.append(script);
          const img = document.createElement("img");
          img.setAttribute("onerror", "window.__handler = true");
          img.src = "missing.png";
          document.body.append(img);
        });
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate(() => window.__inline), undefined, "the inline script ran");
        assert.equal(await page.evaluate(() => window.__handler), undefined, "the event handler ran");
      });
    });
  });
}
