// digifam's offline worker for one language ({{ lang }}), written by the build. It saves the
// language's pages when the reader asks (the home page's button), answers from what was saved,
// online or not, and when a new build is published fetches only the files that changed; the page
// then offers to reload. Version {{ version }}.
"use strict";
const VERSION = "{{ version }}";
const PREFIX = "digifam:" + self.registration.scope + ":";
const CACHE = PREFIX + VERSION;
const LIST = "offline.json";
const FALLBACK = "offline.html";
const SAVED = "__saved";
const HASHES = "__hashes";

const url = (address) => new URL(address, self.location).href;

async function previous() {
  const names = await caches.keys();
  return names.find((name) => name.startsWith(PREFIX) && name !== CACHE);
}

// Puts the files of the list into `cache`: from `old` when unchanged there, else from the
// network. `report(done, total)` follows along.
async function save(cache, pdfs, old, report) {
  const list = await (await fetch(url(LIST), { cache: "no-store" })).json();
  const entries = pdfs ? list.files.concat(list.pdfs) : list.files;
  const known = old ? await (await old.match(url(HASHES)))?.json() ?? {} : {};
  const hashes = {};
  let done = 0;
  for (const [address, hash] of entries) {
    const key = url(address);
    const kept = known[key] === hash ? await old.match(key) : undefined;
    const response = kept ?? (await fetch(key, { cache: "no-cache" }));
    if (!response.ok) {
      throw new Error(address + ": " + response.status);
    }
    await cache.put(key, response);
    hashes[key] = hash;
    report(++done, entries.length);
  }
  await cache.put(url(HASHES), new Response(JSON.stringify(hashes)));
  await cache.put(url(SAVED), new Response(JSON.stringify({ pdfs })));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.add(url(FALLBACK));
    const name = await previous();
    const old = name && (await caches.open(name));
    const saved = old && (await old.match(url(SAVED)));
    if (saved) {
      await save(cache, (await saved.json()).pdfs, old, () => {});
    }
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (hit) {
      return hit;
    }
    try {
      return await fetch(request);
    } catch (error) {
      const fallback = request.mode === "navigate" && (await cache.match(url(FALLBACK)));
      return fallback || Response.error();
    }
  })());
});

self.addEventListener("message", (event) => {
  const reply = (message) => event.source && event.source.postMessage(message);
  const data = event.data || {};
  if (data.type === "skip-waiting") {
    self.skipWaiting();
  } else if (data.type === "status") {
    event.waitUntil((async () => {
      const saved = await (await caches.open(CACHE)).match(url(SAVED));
      reply({ type: "status", saved: Boolean(saved), pdfs: saved ? (await saved.json()).pdfs : false });
    })());
  } else if (data.type === "save") {
    event.waitUntil((async () => {
      const cache = await caches.open(CACHE);
      try {
        await save(cache, Boolean(data.pdfs), cache, (done, total) => reply({ type: "progress", done, total }));
        reply({ type: "saved", pdfs: Boolean(data.pdfs) });
      } catch (error) {
        reply({ type: "failed", message: String(error) });
      }
    })());
  }
});
