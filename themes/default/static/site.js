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
  // would fight): each language registers its own worker, and every page offers a new version
  // once the worker has fetched it. The home page's offline.js offers to save the language.
  function offline() {
    var worker = document.documentElement.getAttribute("data-worker");
    // The preview's live-reload script carries the generation it reloads after.
    var serving = document.querySelector("script[data-generation]");
    if (!worker || serving || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.register(worker).then(offerUpdate).catch(function () {});
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

})();
