// The action list's filter as a spreadsheet: the actions the list shows now, with the columns it shows and a
// "late" column, as CSV or as an Excel workbook (.xlsx), built here from the open data (data/actions.json, on
// this site) with nothing sent anywhere. Without JavaScript the form stays hidden, and the pages of each
// organisation, category and status link their own CSV files (katalogi/outputs/list_export.py, which makes
// the same columns). Late: an open task whose due date is before the site's as-of date.
(function () {
  "use strict";
  var holder = document.querySelector(".filter-export");
  var table = document.getElementById("action-table");
  if (!holder || !table || !window.fetch || !window.Blob || !window.TextEncoder) {
    return;
  }
  var language = holder.getAttribute("data-language");
  var headings = JSON.parse(holder.getAttribute("data-headings"));
  var phases = JSON.parse(holder.getAttribute("data-phases"));
  var yesNo = JSON.parse(holder.getAttribute("data-yes-no"));
  var replaced = JSON.parse(holder.getAttribute("data-replaced"));
  var records = null;

  function text(value, fallback) {  // a text by language: the page's, else the first written
    if (!value) {
      return "";
    }
    return value[language] || value[fallback] || value[Object.keys(value)[0]] || "";
  }

  function row(record, fallback) {
    var responsible = record.organisations.filter(function (entry) { return entry.role === "primary"; })
      .map(function (entry) {
        var name = text(entry.name, fallback);
        return entry.abbreviation ? name + " (" + entry.abbreviation + ")" : name;
      }).join(", ");
    var state = text(record.status.label, fallback);
    if (record.merged_into) {
      state = replaced.merged + " " + record.merged_into;
    } else if (record.superseded_by) {
      state = replaced.superseded + " " + record.superseded_by;
    }
    var done = record.tasks.filter(function (task) { return task.state === "completed"; }).length;
    var late = record.tasks.some(function (task) { return task.overdue; });
    return [record.id, text(record.name, fallback), state, responsible, phases[record.phase] || "", done,
            record.tasks.length, record.updated || "", late ? yesNo[0] : yesNo[1], record.url];
  }

  function shownRows(data) {
    var byId = {};
    data.actions.forEach(function (record) { byId[record.id] = record; });
    var fallback = data.languages[0];
    return Array.prototype.filter.call(table.tBodies[0].rows, function (tr) { return !tr.hidden; })
      .map(function (tr) { return row(byId[tr.getAttribute("data-id")], fallback); });
  }

  // --- CSV, as actions.csv is written for Excel in Finland: BOM, semicolons, CRLF, no formulas ---

  function csvCell(value) {
    var cell = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(cell)) {
      cell = "'" + cell;  // a text never starts a formula (CSV injection)
    }
    return /[;"\r\n]/.test(cell) ? "\"" + cell.replace(/"/g, "\"\"") + "\"" : cell;
  }

  function csv(rows) {
    return "\ufeff" + [headings].concat(rows).map(function (cells) {
      return cells.map(csvCell).join(";");
    }).join("\r\n") + "\r\n";
  }

  // --- .xlsx: a zip of five XML parts, stored without compression ---

  function xml(value) {
    return String(value).replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function column(index) {
    var name = "";
    for (index += 1; index > 0; index = Math.floor((index - 1) / 26)) {
      name = String.fromCharCode(65 + (index - 1) % 26) + name;
    }
    return name;
  }

  function sheet(rows) {
    var body = [headings].concat(rows).map(function (cells, rowIndex) {
      return "<row r=\"" + (rowIndex + 1) + "\">" + cells.map(function (value, columnIndex) {
        var ref = column(columnIndex) + (rowIndex + 1);
        if (typeof value === "number") {
          return "<c r=\"" + ref + "\"><v>" + value + "</v></c>";
        }
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + xml(value) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" +
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + body +
      "</sheetData></worksheet>";
  }

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      table.push(c >>> 0);
    }
    return table;
  }());

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) {
      crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    }
    return (crc ^ 0xffffffff) >>> 0;
  }

  function zip(files) {  // [[name, text]]: a zip archive of the files, stored
    var encoder = new TextEncoder();
    var parts = [], central = [], offset = 0;
    function header(size) { return new DataView(new ArrayBuffer(size)); }
    files.forEach(function (file) {
      var name = encoder.encode(file[0]), data = encoder.encode(file[1]), crc = crc32(data);
      var local = header(30);
      local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(12, 33, true);
      local.setUint32(14, crc, true); local.setUint32(18, data.length, true); local.setUint32(22, data.length, true);
      local.setUint16(26, name.length, true);
      var entry = header(46);
      entry.setUint32(0, 0x02014b50, true); entry.setUint16(4, 20, true); entry.setUint16(6, 20, true);
      entry.setUint16(14, 33, true); entry.setUint32(16, crc, true); entry.setUint32(20, data.length, true);
      entry.setUint32(24, data.length, true); entry.setUint16(28, name.length, true);
      entry.setUint32(42, offset, true);
      parts.push(local, name, data);
      central.push(entry, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (sum, part) { return sum + part.byteLength; }, 0);
    var end = header(22);
    end.setUint32(0, 0x06054b50, true); end.setUint16(8, files.length, true); end.setUint16(10, files.length, true);
    end.setUint32(12, size, true); end.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end]), {type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"});
  }

  function xlsx(rows, name) {
    var relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    var packageRelations = "http://schemas.openxmlformats.org/package/2006/relationships";
    var head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    return zip([
      ["[Content_Types].xml", head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
        "</Types>"],
      ["_rels/.rels", head + "<Relationships xmlns=\"" + packageRelations + "\"><Relationship Id=\"rId1\" Type=\"" +
        relations + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"],
      ["xl/workbook.xml", head + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " +
        "xmlns:r=\"" + relations + "\"><sheets><sheet name=\"" + xml(name.replace(/[\[\]:*?\/\\]/g, "").slice(0, 31)) +
        "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"],
      ["xl/_rels/workbook.xml.rels", head + "<Relationships xmlns=\"" + packageRelations + "\"><Relationship " +
        "Id=\"rId1\" Type=\"" + relations + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"],
      ["xl/worksheets/sheet1.xml", sheet(rows)]
    ]);
  }

  function download(blob, fileName) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
  }

  function save(format) {
    var name = holder.getAttribute("data-name");
    var rows = shownRows(records);
    if (format === "csv") {
      download(new Blob([csv(rows)], {type: "text/csv;charset=utf-8"}), name + ".csv");
    } else {
      download(xlsx(rows, name), name + ".xlsx");
    }
  }

  holder.addEventListener("click", function (event) {
    var format = event.target.getAttribute && event.target.getAttribute("data-format");
    if (!format) {
      return;
    }
    if (records) {
      save(format);
      return;
    }
    fetch(holder.getAttribute("data-source")).then(function (response) { return response.json(); })
      .then(function (data) { records = data; save(format); });
  });
}());
