// Full-text search with Pagefind's index (built next to the site in pagefind/), in the
// browser, with no other host involved. Without JavaScript the page says search needs it and
// shows links to the lists instead; without an index (Pagefind was not installed at build
// time) it says search is unavailable and keeps the links. The "needs JavaScript" note is
// hidden by the stylesheet wherever script runs; hiding it here too covers browsers that do
// not know the scripting media feature.
//
// Each result says what it is (the page's kind, base.html's data-pagefind-meta "type").
// Procurement records are many, short and alike, and Pagefind ranks a short page high, so
// the pages of the catalogue (actions, criteria sets, categories, indicators, organisations)
// come first, each group in Pagefind's order, and the records after them: the build makes
// an index of each (pagefind/ and pagefind/records/, outputs/search.py). Pagefind matches the starts
// of words; the parts of a title's compound words are indexed at the end of each page
// (base.html's "search-words"), and when only they matched, the result shows the title with
// the words found in it marked rather than that list.
const SHOWN = 30;
const form = document.getElementById("search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");
const lists = document.getElementById("search-lists");
document.getElementById("search-needs-script").hidden = true;

function say(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
}

function marked(text, query) {
  // The title as text, with each query word found in it (anywhere in a word) marked.
  const words = query.toLocaleLowerCase(document.documentElement.lang).split(/\s+/).filter(Boolean);
  const fragment = document.createDocumentFragment();
  const lower = text.toLocaleLowerCase(document.documentElement.lang);
  let position = 0;
  while (position < text.length) {
    let found = -1, length = 0;
    for (const word of words) {
      const at = lower.indexOf(word, position);
      if (at !== -1 && (found === -1 || at < found)) { found = at; length = word.length; }
    }
    if (found === -1) { break; }
    fragment.append(text.slice(position, found));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(found, found + length);
    fragment.append(mark);
    position = found + length;
  }
  fragment.append(text.slice(position));
  return fragment;
}

function show(hits, query) {
  results.replaceChildren();
  for (const hit of hits) {
    const item = document.createElement("li");
    const kind = document.createElement("p");
    kind.className = "search-kind";
    kind.textContent = (hit.meta && hit.meta.type) || "";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = hit.url;
    const title = (hit.meta && hit.meta.title) || hit.url;
    link.textContent = title;
    heading.append(link);
    const excerpt = document.createElement("p");
    const tail = Number((hit.meta && hit.meta.tailwords) || 0);
    const onlyInTitleParts = tail > 0 && hit.locations.length > 0
      && hit.locations.every((location) => location >= hit.word_count - tail);
    if (onlyInTitleParts) {
      excerpt.append(marked(title, query));
    } else {
      excerpt.innerHTML = hit.excerpt;  // Pagefind's excerpt: the page's own text, escaped, with <mark>
    }
    item.append(kind, heading, excerpt);
    results.append(item);
  }
  const template = hits.length === 0 ? form.dataset.none : hits.length === 1 ? form.dataset.one : form.dataset.some;
  status.textContent = say(template, { count: hits.length, query: "”" + query + "”" });
}

async function ranked(indexes, query) {
  // The pages of the catalogue first, then the procurement records, each in Pagefind's order.
  const found = await Promise.all(indexes.map((index) => index.search(query)));
  return found.flatMap((result) => result.results).slice(0, SHOWN);
}

async function load(path) {
  // A large group is indexed in parts of one language each (outputs/search.py): the first part of the page's
  // language is loaded and the others merged into it, so that their results are ranked together.
  const base = form.dataset.base;
  const language = document.documentElement.lang;
  const listed = await fetch(base + path + "parts.json");
  const parts = (listed.ok ? (await listed.json())[language] : null) || [];
  const index = await import(base + path + (parts[0] || "") + "pagefind.js");
  await index.options({ baseUrl: base });
  await index.init();
  for (const part of parts.slice(1)) {
    await index.mergeIndex(base + path + part, { baseUrl: base, language: language });
  }
  return index;
}

async function start() {
  const indexes = [];
  try {
    indexes.push(await load("pagefind/"));
  } catch (error) {
    status.textContent = form.dataset.unavailable;
    return;
  }
  try {
    indexes.push(await load("pagefind/records/"));
  } catch (error) {
    // a site without procurement records has no index of them
  }
  lists.hidden = true;
  form.hidden = false;
  let latest = 0;

  async function run() {
    const query = input.value.trim();
    const params = new URLSearchParams(location.search);
    if (query) { params.set("q", query); } else { params.delete("q"); }
    const search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
    const ticket = ++latest;
    if (!query) {
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    const hits = await Promise.all((await ranked(indexes, query)).map((result) => result.data()));
    if (ticket === latest) {
      show(hits, query);
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  input.value = new URLSearchParams(location.search).get("q") || "";
  if (input.value) {
    run();
  }
}

start();
