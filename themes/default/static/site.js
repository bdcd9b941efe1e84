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
})();
