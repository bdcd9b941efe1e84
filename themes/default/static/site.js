// Small enhancements; every page works without this script.
(function () {
  "use strict";
  // Printing shows solutions too, as the Carpentries Workbench does for instructor material.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  // The app manifest, for installing a language on a phone, only where a browser can install the
  // site: over http(s). From file:// Chromium would report the manifest as blocked.
  var manifest = document.documentElement.getAttribute("data-manifest");
  if (manifest && /^https?:$/.test(location.protocol)) {
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = manifest;
    document.head.appendChild(link);
  }
  offline();

  // Offline use, over http(s) only and never in `digifam serve` (its live reload and a worker
  // would fight): each language registers its own worker, the home page offers to save the
  // language, and every page offers a new version once the worker has fetched it.
  function offline() {
    var worker = document.documentElement.getAttribute("data-worker");
    // The preview's live-reload script carries the generation it reloads after.
    var serving = document.querySelector("script[data-generation]");
    if (!worker || serving || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.register(worker).then(function (registration) {
      offerUpdate(registration);
      var section = document.querySelector(".offline-save");
      if (section) {
        saveButton(section, registration, new URL("offline.json", new URL(worker, location.href)).href);
      }
    }).catch(function () {});
  }

  function offerUpdate(registration) {
    var banner = document.querySelector(".update-banner");
    var show = function () {
      if (registration.waiting && navigator.serviceWorker.controller) {
        banner.hidden = false;
      }
    };
    show();
    registration.addEventListener("updatefound", function () {
      var installing = registration.installing;
      installing.addEventListener("statechange", show);
    });
    banner.querySelector("button").addEventListener("click", function () {
      if (registration.waiting) {
        registration.waiting.postMessage({ type: "skip-waiting" });
      }
    });
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (!reloading && !banner.hidden) {
        reloading = true;
        location.reload();
      }
    });
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 }) + " MB";
  }

  function saveButton(section, registration, listUrl) {
    var button = section.querySelector(".offline-button");
    var status = section.querySelector(".offline-status");
    var pdfs = section.querySelector(".offline-pdfs");
    var words = section.dataset;
    var ask = function (message) {
      var target = registration.active || registration.waiting || registration.installing;
      if (target) {
        target.postMessage(message);
      }
    };
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "progress") {
        status.textContent = words.saving.replace("{done}", data.done).replace("{total}", data.total);
      } else if (data.type === "saved" || (data.type === "status" && data.saved)) {
        section.classList.add("offline-saved");
        status.textContent = words.saved;
        button.disabled = false;
      } else if (data.type === "failed") {
        status.textContent = words.failed;
        button.disabled = false;
      }
    });
    fetch(listUrl, { cache: "no-store" }).then(function (response) {
      return response.json();
    }).then(function (list) {
      var sum = function (files) {
        return files.reduce(function (total, file) { return total + file[2]; }, 0);
      };
      section.querySelector(".offline-size").textContent = words.size.replace("{size}", megabytes(sum(list.files)));
      if (list.pdfs.length) {
        section.querySelector(".offline-pdfs-label").textContent = words.pdfs.replace("{size}", megabytes(sum(list.pdfs)));
        section.querySelector(".offline-pdfs-choice").hidden = false;
      }
      section.hidden = false;
      navigator.serviceWorker.ready.then(function () {
        ask({ type: "status" });
      });
    }).catch(function () {});
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.serviceWorker.ready.then(function () {
        ask({ type: "save", pdfs: pdfs.checked });
      });
    });
  }
})();
