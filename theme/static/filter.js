// Instant filtering of the action list (and of the procurement list: the form's data-table names the table). Without JavaScript the form stays hidden and
// the static per-category, per-organisation and per-status pages serve instead.
// The filter state lives in the address (?kategoria=...&tila=...) so a view can be
// shared and bookmarked.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = form && document.getElementById(form.getAttribute("data-table") || "action-table");
  if (!form || !table || !window.URLSearchParams) {
    return;
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("filter-count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-attribute]"));
  var text = form.elements.namedItem("haku");
  var texts = rows.map(function (row) {
    return (row.textContent + " " + row.getAttribute("data-text")).toLocaleLowerCase("fi");
  });

  function matches(row, index) {
    var words = text.value.toLocaleLowerCase("fi").split(/\s+/).filter(Boolean);
    var textMatches = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
    return textMatches && selects.every(function (select) {
      var values = (row.getAttribute("data-" + select.getAttribute("data-attribute")) || "").split(" ");
      return !select.value || values.indexOf(select.value) !== -1;
    });
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row, index) {
      row.hidden = !matches(row, index);
      shown += row.hidden ? 0 : 1;
    });
    var template = shown === rows.length ? form.getAttribute("data-all") : form.getAttribute("data-some");
    count.textContent = template.replace("%(count)s", rows.length).replace("%(shown)s", shown);
  }

  function saveToAddress() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) {
        params.set(field.name, field.value.trim());
      }
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function loadFromAddress() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && params.has(field.name)) {
        field.value = params.get(field.name);
        if (field.tagName === "SELECT" && field.selectedIndex < 0) {
          field.value = "";  // an unknown value in a shared address shows everything
        }
      }
    });
  }

  form.addEventListener("input", function () { apply(); saveToAddress(); });
  form.addEventListener("change", function () { apply(); saveToAddress(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { apply(); saveToAddress(); }, 0);  // after the browser has cleared the fields
  });
  loadFromAddress();
  form.hidden = false;
  apply();
}());
