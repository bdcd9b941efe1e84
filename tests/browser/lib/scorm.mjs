// The SCORM 1.2 package of a unit, played the way a learning platform plays it: the package is
// unpacked next to a small player page that offers scorm-again's SCORM 1.2 run-time API as
// `window.API` and shows one lesson (a SCO) in a frame, all served over http (frames from file://
// are cross-origin to each other in Chromium, so a SCO there could never reach the API).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, describe, it } from "node:test";

import { REPO, serve, shared, withPage } from "./fixture.mjs";

const BINARY = process.env.DIGIFAM_BIN || path.join(REPO, "target/debug/digifam");
// The golden fixture (built whole: its pages link across languages); its `course` unit has lessons
// and an image, so its package holds media too.
const FIXTURE = path.join(REPO, "tests/fixtures/golden");
const LANG = "en";
const UNIT = "course";
// scorm-again's browser build: a classic script that defines the global `Scorm12API`.
const SCORM_AGAIN = path.join(REPO, "node_modules/scorm-again/dist/scorm12.js");
// A SCORM 1.2 CMITimespan as scorm.js writes it: HH:MM:SS, hours in two to four digits.
const TIMESPAN = /^\d{2,4}:\d{2}:\d{2}$/;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// The files of a ZIP archive, by name, read through its central directory. digifam stores its
// members; deflated ones are read too, through Node's zlib, so the reader needs no `unzip`.
export function readZip(file) {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} ends with a ZIP central directory`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `entry ${i} of ${file} is in the central directory`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const length = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    assert.equal(zip.readUInt32LE(local), 0x04034b50, `${name} has a local header`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    assert.ok(method === 0 || method === 8, `${name} is stored or deflated, not method ${method}`);
    const bytes = method === 0 ? raw : zlib.inflateRawSync(raw);
    assert.equal(bytes.length, length, `${name} has its recorded size`);
    assert.equal(crc32(bytes), crc, `${name} has its recorded CRC-32`);
    if (!name.endsWith("/")) {
      files.set(name, bytes);
    }
  }
  return files;
}

function unpack(files, dir) {
  for (const [name, bytes] of files) {
    const file = path.resolve(dir, name);
    assert.ok(file.startsWith(dir + path.sep), `${name} stays inside the package`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
}

// The attributes of each `<resource>` of an imsmanifest.xml.
function resources(manifest) {
  return [...manifest.matchAll(/<resource\b([^>]*)>/g)].map(([, attributes]) =>
    Object.fromEntries([...attributes.matchAll(/([\w:.-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value])),
  );
}

// The `<script>` start tags of an HTML page.
function scripts(html) {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => tag);
}

// What a package does not hold is a bare 404. The browser's own request for /favicon.ico gets an
// empty answer: the icon is the platform's business, not the package's.
function bareNotFound(dir, relative, response) {
  response.writeHead(relative === "/favicon.ico" ? 204 : 404).end();
}

// The player: scorm-again's API as `window.API`, every call the SCO makes recorded in
// `window.calls` through the API's listeners, and in `window.returns` with what each call gave
// back; `?status=` and `?mode=` preload `cmi.core.lesson_status` and `cmi.core.lesson_mode` the
// way a platform loads a learner's record.
function player(sco) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SCORM 1.2 player</title>
<script src="scorm12.js"></script>
<script>
(function () {
  "use strict";
  window.calls = [];
  window.returns = [];
  window.API = new Scorm12API({ autocommit: false, logLevel: 4, autoCompleteLessonStatus: false });
  var query = new URLSearchParams(location.search);
  var core = {};
  if (query.get("status")) { core.lesson_status = query.get("status"); }
  if (query.get("mode")) { core.lesson_mode = query.get("mode"); }
  API.loadFromJSON({ core: core });
  API.on("LMSInitialize", function () { calls.push(["LMSInitialize"]); });
  API.on("LMSGetValue.cmi.*", function (element) { calls.push(["LMSGetValue", element]); });
  API.on("LMSSetValue.cmi.*", function (element, value) { calls.push(["LMSSetValue", element, value]); });
  API.on("LMSCommit", function () { calls.push(["LMSCommit"]); });
  API.on("LMSFinish", function () { calls.push(["LMSFinish"]); });
  ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"].forEach(function (name) {
    var call = API[name];
    API[name] = function () {
      var result = call.apply(API, arguments);
      returns.push([name].concat(Array.prototype.slice.call(arguments), [result, typeof result]));
      return result;
    };
  });
}());
</script>
</head>
<body>
<iframe id="sco" title="Lesson" src="${sco}" width="800" height="600"></iframe>
</body>
</html>
`;
}

describe("SCORM 1.2 package in a learning platform", () => {
  let browser;
  let work;
  let server;
  let base;
  let sco;
  let packaged;
  let cartridge;

  before(async () => {
    ({ browser } = await shared());
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digifam-scorm-"));
    const out = path.join(work, "site");
    execFileSync(BINARY, ["build", "--root", FIXTURE, "--out", out, "--no-pdf"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    packaged = readZip(path.join(out, LANG, UNIT, `${UNIT}-${LANG}.scorm.zip`));
    cartridge = readZip(path.join(out, LANG, UNIT, `${UNIT}-${LANG}.imscc`));
    const root = path.join(work, "player");
    unpack(packaged, root);
    const manifest = packaged.get("imsmanifest.xml").toString("utf8");
    const lesson = resources(manifest).find((r) => r["adlcp:scormtype"] === "sco" && r.href?.startsWith("lessons/"));
    assert.ok(lesson, "the manifest has a SCO resource for a lesson page");
    sco = lesson.href;
    fs.copyFileSync(SCORM_AGAIN, path.join(root, "scorm12.js"));
    fs.writeFileSync(path.join(root, "player.html"), player(sco));
    server = await serve(root, bareNotFound);
    base = `http://127.0.0.1:${server.address().port}/`;
  });

  after(() => {
    server?.close();
    if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  // Runs `use(page, errors)` on a fresh page and fails on any console error (scorm-again logs each
  // SCORM error there) as well as on script errors, in the player or in the lesson.
  async function withPlayer(use) {
    await withPage(browser, async (page) => {
      const errors = [];
      page.on("console", (message) => {
        if (message.type() === "error") {
          errors.push(`${message.text()} (${message.location().url})`);
        }
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(page, errors);
      assert.deepEqual(errors, [], "console or script errors");
    });
  }

  // Opens the player with the SCO and waits until the lesson has loaded in its frame.
  async function open(page, query = "") {
    await page.goto(`${base}player.html${query}`);
    await page.waitForFunction(() => {
      const frame = document.getElementById("sco");
      return frame.contentDocument?.readyState === "complete" && frame.contentWindow.location.href !== "about:blank";
    });
  }

  // Takes the SCO away the way a platform does: by loading another page into its frame (waiting
  // until the blank page has loaded there), or by removing the frame.
  const LEAVE = {
    "navigated away": (page) =>
      page.evaluate(
        () =>
          new Promise((resolve) => {
            const frame = document.getElementById("sco");
            frame.addEventListener("load", resolve, { once: true });
            frame.src = "about:blank";
          }),
      ),
    removed: (page) => page.evaluate(() => document.getElementById("sco").remove()),
  };

  // Waits up to five seconds for the SCO to call `name`; says what happened instead if it does not.
  async function until(page, errors, name) {
    try {
      await page.waitForFunction((n) => window.calls.some(([called]) => called === n), name, { timeout: 5000 });
    } catch {
      const recorded = await page.evaluate(() => window.calls).catch(() => "none");
      assert.fail(`no ${name} within 5 s; calls: ${JSON.stringify(recorded)}; errors: ${JSON.stringify(errors)}`);
    }
  }

  const calls = (page) => page.evaluate(() => window.calls);
  const returns = (page) => page.evaluate(() => window.returns);

  it("initialises the API once, marks the lesson completed and commits when the SCO opens", async () => {
    await withPlayer(async (page, errors) => {
      await open(page);
      assert.match(await page.frameLocator("#sco").locator("h1").textContent(), /\S/);
      await until(page, errors, "LMSCommit");
      assert.deepEqual(await calls(page), [
        ["LMSInitialize"],
        ["LMSGetValue", "cmi.core.lesson_mode"],
        ["LMSGetValue", "cmi.core.lesson_status"],
        ["LMSSetValue", "cmi.core.lesson_status", "completed"],
        ["LMSCommit"],
      ]);
      assert.equal(await page.evaluate(() => API.cmi.core.lesson_status), "completed");
      for (const [name, ...rest] of await returns(page)) {
        const [result, type] = rest.slice(-2);
        if (name !== "LMSGetValue") {
          assert.deepEqual([name, result, type], [name, "true", "string"], `${name} succeeded`);
        }
      }
      assert.equal(await page.evaluate(() => API.LMSGetLastError()), "0");
    });
  });

  for (const [how, leave] of Object.entries(LEAVE)) {
    it(`reports the session time, commits and finishes once when the SCO's frame is ${how}`, async () => {
      await withPlayer(async (page, errors) => {
        await open(page);
        await until(page, errors, "LMSCommit");
        const opened = (await calls(page)).length;
        await leave(page);
        await until(page, errors, "LMSFinish");
        const closing = (await calls(page)).slice(opened);
        assert.equal(closing.length, 3, `three calls on leaving: ${JSON.stringify(closing)}`);
        const [time, commit, finish] = closing;
        assert.deepEqual([time[0], time[1]], ["LMSSetValue", "cmi.core.session_time"]);
        assert.match(time[2], TIMESPAN);
        assert.deepEqual(commit, ["LMSCommit"]);
        assert.deepEqual(finish, ["LMSFinish"]);
        // Every call, successful or not: however many of `beforeunload` and `pagehide` fired, one
        // LMSFinish and one session time.
        const raw = await returns(page);
        assert.deepEqual(
          raw.filter(([name]) => name === "LMSFinish").map((call) => call.slice(1)),
          [["", "true", "string"]],
        );
        const times = raw.filter(([name, element]) => name === "LMSSetValue" && element === "cmi.core.session_time");
        assert.equal(times.length, 1);
        assert.equal(await page.evaluate(() => API.isTerminated()), true);
        assert.equal(await page.evaluate(() => API.cmi.core.lesson_status), "completed");
      });
    });
  }

  const PRELOADED = {
    "already passed": "?status=passed",
    "already completed": "?status=completed",
    "reviewed": "?mode=review&status=incomplete",
  };
  for (const [what, query] of Object.entries(PRELOADED)) {
    it(`leaves the status of a lesson ${what} as it is`, async () => {
      await withPlayer(async (page, errors) => {
        await open(page, query);
        await until(page, errors, "LMSCommit");
        const status = await page.evaluate(() => API.cmi.core.lesson_status);
        await LEAVE["navigated away"](page);
        await until(page, errors, "LMSFinish");
        const recorded = await calls(page);
        assert.deepEqual(recorded.slice(0, 4), [
          ["LMSInitialize"],
          ["LMSGetValue", "cmi.core.lesson_mode"],
          ["LMSGetValue", "cmi.core.lesson_status"],
          ["LMSCommit"],
        ]);
        const raw = await returns(page);
        const read = raw.find(([name, element]) => name === "LMSGetValue" && element === "cmi.core.lesson_status");
        assert.equal(read[2], new URLSearchParams(query).get("status"), "the SCO read the preloaded status");
        assert.deepEqual(
          recorded.filter(([name, element]) => name === "LMSSetValue" && element === "cmi.core.lesson_status"),
          [],
        );
        assert.equal(await page.evaluate(() => API.cmi.core.lesson_status), status);
      });
    });
  }

  it("opens the SCO on its own, with no API anywhere, without errors", async () => {
    await withPlayer(async (page) => {
      const loaded = [];
      page.on("response", (response) => loaded.push([new URL(response.url()).pathname, response.status()]));
      await page.goto(base + sco);
      await page.waitForLoadState("load");
      assert.equal(await page.evaluate(() => "API" in window), false);
      assert.deepEqual(loaded.filter(([file]) => file.endsWith(".js")), [["/scorm.js", 200]]);
      assert.deepEqual(
        loaded.filter(([, code]) => code !== 200),
        [],
        "every file the page loads is in the package",
      );
      assert.match(await page.textContent("h1"), /\S/);
      // The package's images are there and decode.
      const images = await page.$$eval("img", (all) => all.map((img) => [img.getAttribute("src"), img.naturalWidth > 0]));
      for (const [src, decoded] of images) {
        assert.ok(decoded, `${src} shows`);
      }
    });
  });

  it("puts only scorm.js in the SCORM pages and no script at all in the Common Cartridge", () => {
    const manifest = packaged.get("imsmanifest.xml").toString("utf8");
    const scos = resources(manifest).filter((r) => r["adlcp:scormtype"] === "sco");
    assert.ok(scos.some((r) => r.href === sco), `${sco} is a SCO`);
    assert.ok(packaged.has("scorm.js"), "scorm.js is at the root of the package");
    for (const { href } of scos) {
      const html = packaged.get(href)?.toString("utf8");
      assert.ok(html, `${href} is in the package`);
      const tags = scripts(html);
      assert.equal(tags.length, 1, `${href} has one script: ${tags.join(" ")}`);
      const src = tags[0].match(/\bsrc="([^"]+)"/)?.[1];
      assert.ok(src, `${href} loads its script from a file`);
      assert.equal(path.posix.join(path.posix.dirname(href), src), "scorm.js", `${href} loads the package's scorm.js`);
      assert.match(html, /<script src="[^"]+"><\/script>/, `${href} has nothing inside its script element`);
    }
    const lesson = cartridge.get(sco)?.toString("utf8");
    assert.ok(lesson, `${sco} is in the Common Cartridge too`);
    assert.match(lesson, /<h1>/);
    for (const [name, bytes] of cartridge) {
      if (name.endsWith(".html")) {
        assert.deepEqual(scripts(bytes.toString("utf8")), [], `${name} in the Common Cartridge has no script`);
      }
      assert.notEqual(name, "scorm.js", "the Common Cartridge does not carry scorm.js");
    }
  });
});
