/* The web editor's start (katalogi/decap.py): loaded before decap-cms.js, it holds Decap back until the
 * page has loaded, then registers the file format of the catalogue and starts Decap.
 *
 * The format is YAML as katalogi reads it, with one difference for Decap's forms: a text translated by
 * language (name: {fi: ..., sv: ...}) is shown as one field per language (name, name__sv, ...), and saved
 * back as a mapping, or as a plain string when only the default language is written. Values stay text
 * (js-yaml's core schema: no dates or other types are made of what a file says), as `check` reads them.
 */
window.CMS_MANUAL_INIT = true;

(function () {
  "use strict";
  var SEPARATOR = "__";

  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function languagesOf(config) {
    return config.languages;
  }

  /* name: {fi: a, sv: b} -> name: a, name__sv: b, in mappings at any depth. */
  function spread(value, languages) {
    if (Array.isArray(value)) {
      return value.map(function (item) { return spread(item, languages); });
    }
    if (!isMapping(value)) {
      return value;
    }
    var found = {};
    Object.keys(value).forEach(function (key) {
      var inner = value[key];
      var byLanguage = isMapping(inner) && Object.keys(inner).length > 0 && Object.keys(inner).every(
        function (name) { return languages.indexOf(name) >= 0; }) && inner[languages[0]] !== undefined;
      if (byLanguage) {
        found[key] = inner[languages[0]];
        languages.slice(1).forEach(function (language) {
          if (inner[language] !== undefined) {
            found[key + SEPARATOR + language] = inner[language];
          }
        });
      } else {
        found[key] = spread(inner, languages);
      }
    });
    return found;
  }

  /* Decap leaves an emptied field as "" (its Markdown editor as a zero-width character): not written. */
  function blank(value) {
    return value === undefined || value === null || (typeof value === "string" && /^[\s\ufeff\u200b]*$/.test(value));
  }

  /* The reverse of spread: name, name__sv -> name: {fi, sv}; name alone stays a string. */
  function gather(value, languages) {
    if (Array.isArray(value)) {
      return value.map(function (item) { return gather(item, languages); });
    }
    if (!isMapping(value)) {
      return value;
    }
    var found = {};
    Object.keys(value).forEach(function (key) {
      var cut = key.lastIndexOf(SEPARATOR);
      if (cut > 0 && languages.indexOf(key.slice(cut + SEPARATOR.length)) > 0) {
        return;  // taken with its default-language field below
      }
      var texts = {};
      languages.slice(1).forEach(function (language) {
        var text = value[key + SEPARATOR + language];
        if (!blank(text)) {
          texts[language] = text;
        }
      });
      if (Object.keys(texts).length > 0) {
        var mapping = {};
        mapping[languages[0]] = value[key];
        Object.keys(texts).forEach(function (language) { mapping[language] = texts[language]; });
        found[key] = mapping;
      } else if (!blank(value[key]) && !(Array.isArray(value[key]) && value[key].length === 0)) {
        found[key] = gather(value[key], languages);
      }
    });
    return found;
  }

  function ordered(data, sortedKeys) {
    var keys = Object.keys(data).sort(function (first, second) {
      var a = sortedKeys.indexOf(first), b = sortedKeys.indexOf(second);
      return (a < 0 ? sortedKeys.length : a) - (b < 0 ? sortedKeys.length : b);
    });
    var found = {};
    keys.forEach(function (key) { found[key] = data[key]; });
    return found;
  }

  function format(languages) {
    return {
      fromFile: function (text) {
        return spread(window.jsyaml.load(text, {schema: window.jsyaml.CORE_SCHEMA}) || {}, languages);
      },
      toFile: function (data, sortedKeys) {
        var plain = JSON.parse(JSON.stringify(data));
        return window.jsyaml.dump(ordered(gather(plain, languages), sortedKeys || []),
                                  {schema: window.jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true});
      }
    };
  }

  /* config.yml is read here rather than by Decap, which ignores it when the host does not call it YAML. */
  function start() {
    var settings = JSON.parse(document.getElementById("katalogi-editor").textContent);
    window.CMS.registerCustomFormat("katalogi-yaml", "yaml", format(languagesOf(settings)));
    window.fetch("config.yml", {credentials: "same-origin"}).then(function (response) {
      return response.text();
    }).then(function (text) {
      var config = window.jsyaml.load(text, {schema: window.jsyaml.CORE_SCHEMA});
      config.load_config_file = false;
      // Decap needs the local backend's address absolute; `serve` answers it below the base path.
      config.local_backend = {url: new URL(settings.api, window.location.href).href};
      window.CMS.init({config: config});
    });
  }

  window.addEventListener("DOMContentLoaded", start);
}());
