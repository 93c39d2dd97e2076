// Full-text search with Pagefind's index (built next to the site in pagefind/), in the
// browser, with no other host involved. Without JavaScript the page says search needs it and
// shows links to the lists instead; without an index (Pagefind was not installed at build
// time) it says search is unavailable and keeps the links. The "needs JavaScript" note is
// hidden by the stylesheet wherever script runs; hiding it here too covers browsers that do
// not know the scripting media feature.
const form = document.getElementById("search");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");
const lists = document.getElementById("search-lists");
document.getElementById("search-needs-script").hidden = true;

function say(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
}

function show(hits, query) {
  results.replaceChildren();
  for (const hit of hits) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = hit.url;
    link.textContent = (hit.meta && hit.meta.title) || hit.url;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = hit.excerpt;  // Pagefind's excerpt: the page's own text, escaped, with <mark>
    item.append(heading, excerpt);
    results.append(item);
  }
  const template = hits.length === 0 ? form.dataset.none : hits.length === 1 ? form.dataset.one : form.dataset.some;
  status.textContent = say(template, { count: hits.length, query: "”" + query + "”" });
}

async function start() {
  let pagefind;
  try {
    pagefind = await import(form.dataset.base + "pagefind/pagefind.js");
    await pagefind.options({ baseUrl: form.dataset.base });
    await pagefind.init();
  } catch (error) {
    status.textContent = form.dataset.unavailable;
    return;
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
    const found = await pagefind.search(query);
    const hits = await Promise.all(found.results.slice(0, 30).map((result) => result.data()));
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
