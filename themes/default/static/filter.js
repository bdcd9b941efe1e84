// Lesson filters on the program pages and the "all lessons" page. The choices and the lessons'
// data (data-program, data-minutes, data-areas, data-level) are in the page; without this script
// the form stays hidden and every lesson is listed.
(function () {
  "use strict";
  // Each test gets the chosen value and the row; an empty choice lets every row through.
  var TESTS = {
    program: function (value, row) {
      return row.getAttribute("data-program") === value;
    },
    duration: function (value, row) {
      var range = value.split("-");
      var minutes = Number(row.getAttribute("data-minutes"));
      return minutes >= Number(range[0]) && (range[1] === "" || minutes <= Number(range[1]));
    },
    area: function (value, row) {
      return row.getAttribute("data-areas").split(" ").indexOf(value) >= 0;
    },
    level: function (value, row) {
      return row.getAttribute("data-level") === value;
    }
  };

  document.querySelectorAll("form.filters").forEach(function (form) {
    var target = form.getAttribute("data-target");
    var rows = Array.prototype.slice.call(document.getElementById(target).querySelectorAll("[data-minutes]"));
    var empty = document.getElementById(target + "-empty");
    var status = form.querySelector(".filter-status");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = selects.every(function (select) {
          return select.value === "" || TESTS[select.name](select.value, row);
        });
        row.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      status.textContent = status.getAttribute("data-template")
        .replace("{shown}", shown)
        .replace("{total}", rows.length);
      if (empty) {
        empty.hidden = shown > 0;
      }
    }

    form.addEventListener("change", apply);
    // The form is reset after the event, so the rows are filtered once the choices are empty.
    form.addEventListener("reset", function () {
      setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    apply();
  });
})();
