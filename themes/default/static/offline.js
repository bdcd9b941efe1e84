// The home page's "Save this language for offline use": the size to download, the PDFs as a
// choice, progress and the saved state, through the language's worker that site.js registers.
(function () {
  "use strict";
  var section = document.querySelector(".offline-save");
  var worker = document.documentElement.getAttribute("data-worker");
  if (!section || !worker || document.querySelector("script[data-generation]") || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) {
    return;
  }
  var listUrl = new URL("offline.json", new URL(worker, location.href)).href;
  navigator.serviceWorker.ready.then(function (registration) {
    saveButton(section, registration, listUrl);
  });

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
