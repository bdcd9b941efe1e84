// Offline use of a published site: a language saved from its home page opens its lessons, their
// participant view and its search without a network, and an unsaved page shows the language's
// offline page; a new build is offered for reloading and fetches only the files that changed.
// A copy of the golden fixture is built and served here, so that it can be changed and rebuilt.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { REPO, build, serve, shared } from "./fixture.mjs";

describe("offline app", () => {
  let site;
  let dir;
  let server;
  let base;
  const requests = [];
  const project = () => path.join(dir, "project");
  const rebuild = () => build(project(), path.join(dir, "site"));

  before(async () => {
    site = await shared();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "digifam-offline-"));
    fs.cpSync(path.join(REPO, "tests/fixtures/golden"), project(), { recursive: true });
    rebuild();
    server = await serve(dir, undefined, (url) => requests.push(url));
    base = `http://127.0.0.1:${server.address().port}/site/`;
  });

  after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Saves the language of `home` and waits until the page says it is saved.
  async function save(page, home, saved) {
    await page.goto(base + home);
    await page.waitForSelector(".offline-save:not([hidden])");
    assert.match(await page.textContent(".offline-size"), /\d MB/);
    await page.click(".offline-button");
    await page.waitForSelector(".offline-saved");
    assert.equal(await page.textContent(".offline-status"), saved);
  }

  it("opens a saved language's lessons, participant views and search without a network", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    try {
      await save(page, "de/index.html", "Gespeichert – funktioniert offline");
      await save(page, "ar/index.html", "تم الحفظ — تعمل دون إنترنت");
      await context.setOffline(true);
      await page.goto(base + "de/course/01-mouse.html");
      assert.equal(await page.textContent("h1"), "Die Maus benutzen");
      await page.goto(base + "de/course/01-mouse.participant.html");
      assert.match(await page.textContent("main"), /Legen Sie die Hand auf die Maus/);
      await page.goto(base + "de/search.html?q=maus");
      await page.waitForSelector(".search-result");
      await page.goto(base + "ar/search.html?q=" + encodeURIComponent("الفأرة"));
      await page.waitForSelector(".search-result");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      await page.goto(base + "de/course/not-saved.html");
      assert.equal(await page.textContent("h1"), "Diese Seite ist nicht gespeichert");
    } finally {
      await context.close();
    }
  });

  it("offers a new build, fetching only the files that changed", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    try {
      await save(page, "de/index.html", "Gespeichert – funktioniert offline");
      const lesson = path.join(project(), "curriculum/course/01-mouse.de.md");
      fs.writeFileSync(lesson, fs.readFileSync(lesson, "utf8").replace("Legen Sie die Hand auf die Maus.", "Legen Sie die rechte Hand auf die Maus."));
      rebuild();
      requests.length = 0;
      await page.goto(base + "de/course/02-keyboard.html");
      await page.waitForSelector(".update-banner:not([hidden])", { timeout: 30000 });
      const fetched = requests.map((url) => url.replace(/^\/site\//, ""));
      assert.ok(fetched.includes("de/course/01-mouse.participant.html"), fetched.join("\n"));
      for (const unchanged of ["assets/style.css", "assets/site.js", "de/course/02-keyboard.participant.html", "de/guide/01-start.html"]) {
        assert.ok(!fetched.includes(unchanged), `${unchanged} was fetched again:\n${fetched.join("\n")}`);
      }
      await Promise.all([page.waitForEvent("load"), page.click(".update-reload")]);
      await context.setOffline(true);
      await page.goto(base + "de/course/01-mouse.participant.html");
      assert.match(await page.textContent("main"), /Legen Sie die rechte Hand auf die Maus/);
    } finally {
      await context.close();
    }
  });

  it("registers no worker from file://", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    try {
      const errors = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      await page.goto("file://" + path.join(dir, "site/de/index.html"));
      // Chromium has no workers for file:// at all (asking for them is refused).
      const workers = await page.evaluate(() => navigator.serviceWorker?.getRegistrations().then((r) => r.length, () => 0) ?? 0);
      assert.equal(workers, 0);
      assert.deepEqual(errors, []);
      assert.equal(await page.isHidden(".offline-save"), true);
    } finally {
      await context.close();
    }
  });
});
