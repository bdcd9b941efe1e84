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
})();
