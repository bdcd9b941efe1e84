/* Reports a lesson to a learning platform through the SCORM 1.2 run-time API: the lesson counts
   as completed once it has been opened (reading to the end cannot be told apart from skimming on
   a phone, and a trainer sees who opened what). The API object is looked for the way the SCORM 1.2
   run-time environment describes: in this window's parents, then in the window that opened it. */
(function () {
  "use strict";
  function search(win) {
    for (var depth = 0; win && depth < 10; depth += 1) {
      try {
        if (win.API) { return win.API; }
      } catch (e) {
        return null; // a parent from another origin: no API can be reached there
      }
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }
  var api = search(window) || (window.opener ? search(window.opener) : null);
  if (!api || String(api.LMSInitialize("")) !== "true") { return; }
  var started = Date.now();
  var status = String(api.LMSGetValue("cmi.core.lesson_status"));
  if (status !== "completed" && status !== "passed") {
    api.LMSSetValue("cmi.core.lesson_status", "completed");
  }
  api.LMSCommit("");
  function two(n) { return (n < 10 ? "0" : "") + n; }
  var finished = false;
  function finish() {
    if (finished) { return; }
    finished = true;
    var seconds = Math.round((Date.now() - started) / 1000);
    var time = two(Math.floor(seconds / 3600)) + ":" + two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
    api.LMSSetValue("cmi.core.session_time", time);
    api.LMSCommit("");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
}());
