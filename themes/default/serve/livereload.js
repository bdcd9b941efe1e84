// Live reload for `digifam serve`. The dev server adds this script to the pages it serves; it is
// never part of a built site. The server says, after every rebuild, whether this page changed
// (then it reloads, keeping the scroll position) and which problems the content has (then they
// are shown over the page until they are fixed).
(function () {
  "use strict";
  var script = document.currentScript;
  var since = script ? script.getAttribute("data-generation") : "0";
  var scrollKey = "digifam-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    restore();
    window.addEventListener("load", restore);
  }

  var style =
    "#digifam-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
    "background:rgba(20,20,24,.92);color:#f4f4f4;font:15px/1.5 system-ui,sans-serif;padding:2rem}" +
    "#digifam-overlay .box{max-width:60rem;margin:0 auto}" +
    "#digifam-overlay h1{font-size:1.4rem;color:#ff8a80;margin:0 0 .25rem}" +
    "#digifam-overlay p{margin:.25rem 0 1rem}" +
    "#digifam-overlay li{list-style:none;margin:0 0 1rem;padding:.75rem 1rem;background:#2a2a30;border-inline-start:4px solid #ff5252}" +
    "#digifam-overlay ul{padding:0}" +
    "#digifam-overlay .where{font-family:ui-monospace,monospace;color:#9ecbff}" +
    "#digifam-overlay .message{font-weight:700;margin:.2rem 0}" +
    "#digifam-overlay pre{margin:.4rem 0;padding:.4rem .6rem;background:#16161a;overflow:auto;direction:ltr}" +
    "#digifam-overlay .hint{color:#b9f6ca}" +
    "#digifam-overlay button{float:inline-end;font:inherit;padding:.3rem .9rem;cursor:pointer}";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function locationOf(d) {
    var where = d.file;
    if (d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
    return where;
  }

  function hide() {
    var old = document.getElementById("digifam-overlay");
    if (old) old.remove();
  }

  function show(errors, labels) {
    hide();
    if (!document.getElementById("digifam-overlay-style")) {
      var css = element("style");
      css.id = "digifam-overlay-style";
      css.textContent = style;
      document.head.appendChild(css);
    }
    var overlay = element("div");
    overlay.id = "digifam-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "digifam-overlay-title");
    var box = element("div", "box");
    var close = element("button", "", labels.hide || "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    var title = element("h1", "", labels.failed || "The site could not be rebuilt");
    title.id = "digifam-overlay-title";
    box.appendChild(title);
    box.appendChild(element("p", "", labels.kept || ""));
    var list = element("ul");
    errors.forEach(function (d) {
      var item = element("li");
      item.appendChild(element("div", "where", locationOf(d)));
      item.appendChild(element("div", "message", d.message));
      if (d.snippet) item.appendChild(element("pre", "", d.line + " | " + d.snippet));
      if (d.hint) item.appendChild(element("div", "hint", (labels.hint || "Hint") + ": " + d.hint));
      list.appendChild(item);
    });
    box.appendChild(list);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  var query =
    "?path=" + encodeURIComponent(location.pathname) +
    "&since=" + encodeURIComponent(since) +
    "&lang=" + encodeURIComponent(document.documentElement.lang || "");
  var events = new EventSource("/__digifam/events" + query);
  events.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (state.reload) {
      events.close();
      sessionStorage.setItem(scrollKey, String(window.scrollY));
      location.reload();
      return;
    }
    if (state.errors.length > 0) {
      show(state.errors, state.labels || {});
    } else {
      hide();
    }
  });
})();
