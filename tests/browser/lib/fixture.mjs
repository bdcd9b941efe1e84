// What every browser test needs, made once per run: the shipped curriculum and the `mini` test
// fixture built by the real digifam binary into a temporary folder, a small static web server over
// that folder, and one headless Chromium (Debian's, never a downloaded one).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BINARY = process.env.DIGIFAM_BIN || path.join(REPO, "target/debug/digifam");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The sites, by name: the project folder each is built from.
const SITES = {
  shipped: REPO,
  mini: path.join(REPO, "tests/fixtures/mini"),
};

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".pdf": "application/pdf",
  ".xml": "application/xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

export function build(root, out) {
  // PDFs are not what these tests look at; skip them where the binary can.
  const help = execFileSync(BINARY, ["build", "--help"], { encoding: "utf8" });
  const args = ["build", "--root", root, "--out", out];
  if (help.includes("--no-pdf")) {
    args.push("--no-pdf");
  }
  execFileSync(BINARY, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
}

// The site's own 404 page for what is not there.
function siteNotFound(dir, relative, response) {
  const site = relative.split("/")[1];
  const notFound = path.join(dir, site, "404.html");
  response.writeHead(404, { "content-type": TYPES[".html"] });
  response.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : "");
}

// Serves `dir` on 127.0.0.1 at a free port; `missing(dir, path, response)` answers for what is
// not there (the site's 404 page unless given); `log(path)` hears of every request.
export function serve(dir, missing = siteNotFound, log = () => {}) {
  const server = http.createServer((request, response) => {
    log(request.url);
    let relative = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    if (relative.endsWith("/")) {
      relative += "index.html";
    }
    const file = path.join(dir, path.normalize(relative));
    if (!file.startsWith(dir + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    fs.readFile(file, (error, bytes) => {
      if (error) {
        missing(dir, relative, response);
        return;
      }
      response.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      response.end(bytes);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let setup = null;

// The built sites, the server and the browser; made on first use, shared by every test.
export function shared() {
  setup ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digifam-browser-"));
    for (const [name, root] of Object.entries(SITES)) {
      build(root, path.join(dir, name));
    }
    const server = await serve(dir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const base = {
      file: "file://" + dir + "/",
      http: `http://127.0.0.1:${server.address().port}/`,
    };
    return {
      dir,
      server,
      browser,
      // The address of `page` (`en/index.html`) of site `site`, opened from file:// or http.
      url: (origin, site, page) => base[origin] + site + "/" + page,
      // The path of an opened page inside its site, the same for both origins.
      sitePath: (address) => address.replace(base.file, "").replace(base.http, "").replace(/^[^/]+\//, ""),
    };
  })();
  return setup;
}

// A browser with a profile on disk, as a phone's is: Chromium installs no app from the
// incognito-like contexts of `shared().browser`. Closed by the caller.
export function persistentBrowser(profile) {
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export async function teardown() {
  if (!setup) {
    return;
  }
  const { dir, server, browser } = await setup;
  await browser.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

export const DESKTOP = { width: 1280, height: 800 };

// Runs `use` on a fresh page of the given size, and fails on any script error the page raised.
// `bypassCSP` lets a test inject its own tools (axe) past the pages' Content-Security-Policy.
export async function withPage(browser, use, size = DESKTOP, { bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: size, bypassCSP });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await use(page);
    assert.deepEqual(errors, [], "the page raised script errors");
  } finally {
    await context.close();
  }
}

export const ORIGINS = ["file", "http"];
