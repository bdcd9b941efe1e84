// The offline search of the search page. The index (search-index.js, written by digifam) is loaded
// by a <script> tag before this file, because browsers refuse to fetch files from file://.
// It folds text exactly as src/search.rs does, with the folding table the index carries.
(function () {
  "use strict";
  var index = window.digifamSearchIndex;
  var form = document.querySelector("form.search-form");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  if (!index || !form || !status || !list) {
    return;
  }
  var input = form.elements.q;
  var root = form.getAttribute("data-root");
  var terms = index.terms.split(" ");
  var WEIGHTS = [1, 2, 4, 8, 16]; // body, program, objective, key word, title: titles first
  var RANK_BITS = 3;
  var LIMIT = 50;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var NON_WORDS = /[^\p{Alphabetic}\p{N}]+/u;

  // Folds `text` and remembers, for every folded UTF-16 unit, the span of the original
  // character it came from, so that matches found in folded text can be marked in the original.
  function fold(text) {
    var out = "";
    var starts = [];
    var ends = [];
    var offset = 0;
    for (var ch of text) {
      var end = offset + ch.length;
      for (var lower of ch.toLowerCase()) {
        var mapped = Object.prototype.hasOwnProperty.call(index.fold, lower) ? index.fold[lower] : lower;
        for (var f of mapped) {
          if (f === "e" && out.length && index.e_after.indexOf(out[out.length - 1]) >= 0) {
            continue;
          }
          out += f;
          for (var i = 0; i < f.length; i++) {
            starts.push(offset);
            ends.push(end);
          }
        }
      }
      offset = end;
    }
    return { text: out, starts: starts, ends: ends };
  }

  function queryWords(query) {
    return fold(query).text.split(NON_WORDS).filter(Boolean);
  }

  // The first term not below `word`, in the index's (UTF-16) order.
  function lowerBound(word) {
    var lo = 0;
    var hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < word) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // Best score per lesson for one query word: index terms it starts (one letter must match whole).
  function scores(word) {
    var best = new Map();
    var exactOnly = Array.from(word).length < 2;
    for (var t = lowerBound(word); t < terms.length && terms[t].startsWith(word); t++) {
      var exact = terms[t] === word;
      if (exactOnly && !exact) {
        break;
      }
      var doc = 0;
      index.postings[t].forEach(function (packed) {
        doc += Math.floor(packed / (1 << RANK_BITS));
        var score = WEIGHTS[packed % (1 << RANK_BITS)] * 2 + (exact ? 1 : 0);
        if (!(best.get(doc) >= score)) {
          best.set(doc, score);
        }
      });
    }
    return best;
  }

  function search(words) {
    var total = null;
    words.forEach(function (word) {
      var found = scores(word);
      var next = new Map();
      found.forEach(function (score, doc) {
        if (total === null || total.has(doc)) {
          next.set(doc, score + (total === null ? 0 : total.get(doc)));
        }
      });
      total = next;
    });
    return Array.from(total || []).sort(function (a, b) {
      return b[1] - a[1] || a[0] - b[0];
    }).map(function (entry) { return entry[0]; });
  }

  function startsWord(folded, at) {
    return at === 0 || !WORD.test(folded[at - 1]);
  }

  // Where the query words start a word in `folded`, or follow a prefix written together with the
  // word (Arabic "ال"), as [start, end) pairs in folded units. As the index has "email" for
  // "e-mail", a hyphen may stand between any two letters.
  function matches(folded, words) {
    var found = [];
    words.forEach(function (word) {
      var pattern = new RegExp(Array.from(word).join("[-\u2010\u2011]?"), "gu");
      var match;
      while ((match = pattern.exec(folded))) {
        var at = match.index;
        var prefixed = index.prefixes.some(function (prefix) {
          return folded.slice(at - prefix.length, at) === prefix && startsWord(folded, at - prefix.length);
        });
        if (startsWord(folded, at) || prefixed) {
          found.push([at, at + match[0].length]);
        }
        pattern.lastIndex = at + 1;
      }
    });
    return found.sort(function (a, b) { return a[0] - b[0]; });
  }

  // The line of the text with the first match, cut to about 200 characters around it, with every
  // match marked.
  function snippet(text, words) {
    var folded = fold(text);
    var spans = matches(folded.text, words).map(function (m) {
      // Marks that fold to nothing (Arabic tashkeel) stay with the letter they sit on.
      var end = folded.ends[m[1] - 1];
      while (end < text.length && index.fold[text[end]] === "") {
        end++;
      }
      return [folded.starts[m[0]], end];
    });
    var first = spans.length ? spans[0][0] : 0;
    var lineStart = text.lastIndexOf("\n", first - 1) + 1;
    var lineEnd = text.indexOf("\n", first);
    if (lineEnd < 0) {
      lineEnd = text.length;
    }
    var from = Math.max(lineStart, first - 60);
    var to = Math.min(lineEnd, from + 200);
    // Cut at spaces, so that no word is shown in part.
    var space = text.indexOf(" ", from);
    if (from > lineStart && space >= 0 && space < first) {
      from = space + 1;
    }
    space = text.lastIndexOf(" ", to);
    if (to < lineEnd && space > first) {
      to = space;
    }
    var p = document.createElement("p");
    p.className = "search-snippet";
    var at = from;
    var piece = function (end) {
      if (end > at) {
        p.appendChild(document.createTextNode(text.slice(at, end)));
        at = end;
      }
    };
    if (from > lineStart) {
      p.appendChild(document.createTextNode("… "));
    }
    spans.forEach(function (span) {
      if (span[0] < at || span[1] > to) {
        return;
      }
      piece(span[0]);
      var mark = document.createElement("mark");
      mark.textContent = text.slice(span[0], span[1]);
      p.appendChild(mark);
      at = span[1];
    });
    piece(to);
    if (to < lineEnd) {
      p.appendChild(document.createTextNode(" …"));
    }
    return p;
  }

  function result(doc, words) {
    var entry = index.docs[doc]; // [program, number, path, title, text, translated]
    var program = index.programs[entry[0]];
    var li = document.createElement("li");
    li.className = "search-result";
    if (!entry[5]) {
      li.lang = index.fallback.lang;
      li.dir = index.fallback.dir;
    }
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = program.title + " · " + program.label + " " + entry[1];
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = root + entry[2];
    link.textContent = entry[3];
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(meta);
    li.appendChild(snippet(entry[4], words));
    return li;
  }

  function show(query) {
    var words = queryWords(query);
    list.textContent = "";
    if (!words.length) {
      status.textContent = "";
      return;
    }
    var found = search(words);
    found.slice(0, LIMIT).forEach(function (doc) {
      list.appendChild(result(doc, words));
    });
    var text = found.length
      ? form.getAttribute("data-results").replace("{count}", found.length)
      : form.getAttribute("data-none");
    if (found.length > LIMIT) {
      text += " " + form.getAttribute("data-more").replace("{shown}", LIMIT);
    }
    status.textContent = text;
  }

  function remember(query) {
    try {
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (err) {
      // Some browsers refuse to change file:// addresses; the search works all the same.
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  var pending = 0;
  input.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      show(input.value);
      remember(input.value.trim());
    }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(pending);
    show(input.value);
    remember(input.value.trim());
    var first = links()[0];
    if (first) {
      first.focus();
    }
  });
  // Arrow keys move between the search box and the results; Escape empties the box.
  form.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      input.value = "";
      show("");
      remember("");
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0 || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) {
      return;
    }
    event.preventDefault();
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
  });

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  show(initial);
  input.focus();
})();
