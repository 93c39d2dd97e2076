// Sortable tables (class "sortable"): each header cell with data-sort becomes a button that sorts the rows by that
// column, ascending, then descending; the column's aria-sort says which. Cells sort by their data-value (numbers
// for data-sort="number", text in the page's language otherwise); the order is stable, so ties keep the order
// the page was built in. Without JavaScript the table keeps that order (the page says which it is).
(function () {
  "use strict";
  var language = document.documentElement.lang || "fi";
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var labels = (table.getAttribute("data-sort-labels") || "").split("|");
    var original = Array.prototype.slice.call(body.rows);

    function value(row, index, kind) {
      var cell = row.cells[index];
      var text = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
      return kind === "number" ? parseFloat(text) : text.trim();
    }

    function sortBy(index, kind, descending) {
      var rows = original.map(function (row, position) { return { row: row, position: position }; });
      rows.sort(function (first, second) {
        var a = value(first.row, index, kind), b = value(second.row, index, kind);
        var order = kind === "number" ? a - b : a.localeCompare(b, language);
        return (descending ? -order : order) || first.position - second.position;
      });
      rows.forEach(function (entry) { body.appendChild(entry.row); });
      headers.forEach(function (header, position) {
        if (position === index) {
          header.setAttribute("aria-sort", descending ? "descending" : "ascending");
        } else {
          header.removeAttribute("aria-sort");
        }
      });
    }

    headers.forEach(function (header, index) {
      var kind = header.getAttribute("data-sort");
      if (!kind) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      button.appendChild(hint);
      header.appendChild(button);
      function describe() {
        hint.textContent = " (" + (header.getAttribute("aria-sort") === "ascending" ? labels[1] : labels[0]) + ")";
      }
      button.addEventListener("click", function () {
        sortBy(index, kind, header.getAttribute("aria-sort") === "ascending");
        headers.forEach(function (other) {
          var otherHint = other.querySelector(".sort-button .visually-hidden");
          if (otherHint) {
            otherHint.textContent = " (" + (other.getAttribute("aria-sort") === "ascending" ? labels[1] : labels[0]) + ")";
          }
        });
      });
      describe();
    });
  });
}());
