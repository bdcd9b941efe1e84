// The site as an app: over http every language has its own manifest, and Chromium finds nothing
// that stops installing it; from file:// there is no manifest link and no console error.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { persistentBrowser, shared, withPage } from "./fixture.mjs";

describe("app manifest", () => {
  let site;
  let profile;
  let phone;
  before(async () => {
    site = await shared();
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "digifam-profile-"));
    phone = await persistentBrowser(profile);
  });
  after(async () => {
    await phone.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });

  for (const [lang, name, dir] of [["en", "Digital Families", "ltr"], ["de", "Digitale Familien", "ltr"], ["ar", "العائلات الرقمية", "rtl"]]) {
    it(`installs the ${lang} site on its own, with no installability error`, async () => {
      const page = await phone.newPage();
      try {
        await page.goto(site.url("http", "shipped", `${lang}/basic/03-keyboard.html`));
        const cdp = await page.context().newCDPSession(page);
        let manifest;
        for (let tries = 0; tries < 50 && !manifest?.url; tries++) {
          manifest = await cdp.send("Page.getAppManifest");
          await page.waitForTimeout(100);
        }
        assert.match(manifest.url, new RegExp(`/shipped/${lang}/manifest\\.webmanifest$`));
        assert.deepEqual(manifest.errors, []);
        const data = JSON.parse(manifest.data);
        assert.equal(data.name, name);
        assert.equal(data.lang, lang);
        assert.equal(data.dir, dir);
        assert.equal(new URL(data.start_url, manifest.url).pathname, `/shipped/${lang}/index.html`);
        const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
        assert.deepEqual(installabilityErrors, []);
      } finally {
        await page.close();
      }
    });
  }

  it("adds no manifest and logs no error from file://", async () => {
    await withPage(site.browser, async (page) => {
      const errors = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      await page.goto(site.url("file", "shipped", "de/index.html"));
      await page.waitForLoadState("load");
      assert.equal(await page.locator('link[rel="manifest"]').count(), 0);
      assert.deepEqual(errors, []);
    });
  });
});
