// Sortable comparison tables: a button in each column heading sorts the rows.
// A table wider than the column (on a phone) gets a line above it saying how many
// columns it has and that it scrolls sideways.
// Numbers (including ranges such as "~3–5 Mpps" or "<1 µs") sort by value, text
// alphabetically. Works from file:// and with Material's instant navigation.
(function () {
  "use strict";
  var UNITS = { k: 1e3, m: 1e6, g: 1e9, "µ": 1e-6, u: 1e-6, n: 1e-9 };

  function value(text) {
    var t = text.replace(/,/g, "").trim();
    if (/line rate/i.test(t)) return Infinity;
    var match = t.match(/(\d+(?:\.\d+)?)(?:\s*[–-]\s*(\d+(?:\.\d+)?))?\s*([kKmMgGµun]?)/);
    if (!match) return null;
    var low = parseFloat(match[1]);
    var high = match[2] ? parseFloat(match[2]) : low;
    var unit = UNITS[match[3]] || UNITS[(match[3] || "").toLowerCase()] || 1;
    if (/pps|bps|s\b|µs|ms|ns/.test(t) === false) unit = 1;
    return ((low + high) / 2) * unit;
  }

  function compare(a, b) {
    var x = value(a), y = value(b);
    if (x !== null && y !== null && x !== y) return x - y;
    if (x !== null && y === null) return -1;
    if (x === null && y !== null) return 1;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function sortBy(table, column, button) {
    var body = table.tBodies[0];
    var ascending = button.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(r1.cells[column].textContent, r2.cells[column].textContent);
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(root) {
    root.querySelectorAll(".nvd-sortable table").forEach(function (table) {
      if (table.dataset.sortable) return;
      table.dataset.sortable = "1";
      table.querySelectorAll("thead th").forEach(function (th, column) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "nvd-sort";
        button.innerHTML = th.innerHTML;
        button.setAttribute("aria-label", "Sort by " + th.textContent);
        button.addEventListener("click", function () { sortBy(table, column, button); });
        th.innerHTML = "";
        th.appendChild(button);
      });
    });
  }

  function hints(root) {
    root.querySelectorAll(".nvd-table table").forEach(function (table) {
      var holder = table.closest(".nvd-table");
      var scroller = table.closest(".md-typeset__scrollwrap") || table;
      var before = holder.previousElementSibling;
      var hint = before && before.classList.contains("nvd-scroll-hint") ? before : null;
      if (!hint) {
        hint = document.createElement("p");
        hint.className = "nvd-scroll-hint";
        var columns = table.rows.length ? table.rows[0].cells.length : 0;
        hint.textContent = "Scroll sideways to see all " + columns + " columns \u2192";
        holder.parentNode.insertBefore(hint, holder);
        scroller.addEventListener("scroll", function () { edge(holder, scroller); }, { passive: true });
      }
      var overflows = scroller.scrollWidth > scroller.clientWidth + 1;
      hint.hidden = !overflows;
      holder.classList.toggle("nvd-overflows", overflows);
      edge(holder, scroller);
    });
  }

  // The fade at the right edge goes once the last column is in view.
  function edge(holder, scroller) {
    var end = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1;
    holder.classList.toggle("nvd-at-end", end);
  }

  function start() {
    enhance(document);
    hints(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
  window.addEventListener("resize", function () { hints(document); });
})();
