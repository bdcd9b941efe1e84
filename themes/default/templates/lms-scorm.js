/* Reports a lesson to a learning platform through the SCORM 1.2 run-time API: the lesson counts
   as completed once it has been opened (reading to the end cannot be told apart from skimming on
   a phone, and a trainer sees who opened what). The API object is looked for the way the SCORM 1.2
   run-time environment describes: in this window's parents, then in the window that opened the
   platform's window. */
(function () {
  "use strict";
  function search(win) {
    for (var depth = 0; win && depth < 10; depth += 1) {
      try {
        if (win.API) { return win.API; }
      } catch (e) {
        // A parent from another origin: its API cannot be reached, but its own parent may hold one.
      }
      if (!win.parent || win.parent === win) { return null; }
      win = win.parent;
    }
    return null;
  }
  function opener() {
    try {
      return window.top.opener ? search(window.top.opener) : null;
    } catch (e) {
      return null;
    }
  }
  var api = search(window) || (window.opener ? search(window.opener) : null) || opener();
  if (!api) { return; }
  // 101: already initialised, by an earlier page of the same attempt; the session goes on.
  if (String(api.LMSInitialize("")) !== "true" && String(api.LMSGetLastError()) !== "101") { return; }
  var started = Date.now();
  // A learner reviewing or browsing keeps the status the platform gives that mode.
  var mode = String(api.LMSGetValue("cmi.core.lesson_mode"));
  var status = String(api.LMSGetValue("cmi.core.lesson_status"));
  var open = status === "not attempted" || status === "incomplete" || status === "";
  if (mode !== "review" && mode !== "browse" && open) {
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
}());
