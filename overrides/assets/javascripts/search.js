// The site's search box (partials/search.html) on Pagefind's index (site/pagefind/).
//
// Why this file: Material's search plugin ships one index of every page, which at
// thousands of briefings is tens of MB downloaded on the first search. Pagefind
// loads only the index chunks a query needs and one fragment per shown result.
// Results use Material's own result markup so they look like the rest of the site,
// and show each briefing's summary (Pagefind metadata written by
// generator/output/search_index.py), not the page's first words.
//
// Everything shown comes from articles, so it is set as text; Pagefind's excerpt
// is rebuilt from its text and <mark> elements only.

const PAGE_SIZE = 10;
const MAX_ACTORS = 6;
const HIGHLIGHT = "highlight";  // result links carry ?highlight=word: the page opened marks it
const root = document.querySelector("[data-site-search]");
const toggle = document.getElementById("__search");
const input = root && root.querySelector(".md-search__input");
const list = root && root.querySelector("[data-search-results]");
const status = root && root.querySelector("[data-search-status]");
const more = root && root.querySelector("[data-search-more]");
const script = document.querySelector("script[data-index]");
let pagefind = null;
let current = null;  // the search whose results are shown
let shown = 0;

function say(text) {
  status.textContent = text;
}

function count(n) {
  if (n === 0) return status.dataset.none;
  if (n === 1) return status.dataset.one;
  return status.dataset.other.replace("#", n.toLocaleString());
}

async function load() {
  if (!pagefind) {
    const url = new URL(script.dataset.index, document.baseURI);
    pagefind = import(url.href).then(async (module) => {
      // Result URLs are site-relative: the site may live under /repo/ on GitHub Pages.
      await module.options({ baseUrl: new URL("..", url).pathname, excerptLength: 24, highlightParam: HIGHLIGHT });
      module.init();
      return module;
    });
  }
  return pagefind;
}

function excerpt(htmlText) {
  // Pagefind's excerpt is HTML: keep its text and its <mark> highlights, nothing else.
  const template = document.createElement("template");
  template.innerHTML = htmlText;
  const out = document.createElement("p");
  out.className = "site-search__excerpt";
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function item(data) {
  const meta = data.meta || {};
  const li = document.createElement("li");
  li.className = "md-search-result__item";
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = data.url;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  const title = document.createElement("h1");
  title.textContent = meta.title || data.url;
  article.append(title);
  const where = [meta.date, meta.source].filter(Boolean).join(" · ");
  if (where) {
    const line = document.createElement("p");
    line.className = "site-search__meta";
    line.textContent = where;
    article.append(line);
  }
  if (meta.summary) {
    const summary = document.createElement("p");
    summary.className = "site-search__summary";
    summary.textContent = meta.summary;
    article.append(summary);
  }
  if (data.excerpt) article.append(excerpt(data.excerpt));
  link.append(article);
  li.append(link);
  return li;
}

async function showMore(search) {
  const page = search.results.slice(shown, shown + PAGE_SIZE);
  shown += page.length;
  const loaded = await Promise.all(page.map((r) => r.data()));
  if (search !== current) return;
  for (const data of loaded) list.append(item(data));
  more.hidden = shown >= search.results.length;
}

async function run() {
  const query = input.value.trim();
  if (!query) {
    current = null;
    list.replaceChildren();
    more.hidden = true;
    say(root.dataset.placeholder || "");
    return;
  }
  let module;
  try {
    module = await load();
  } catch (error) {
    say(status.dataset.failed);
    console.error("search: cannot load the index", error);
    return;
  }
  // Briefings (and hand-written pages) are the results; actor pages, whose one indexed word
  // is the actor's name, would rank above them, so they get a line of their own on top.
  const search = await module.debouncedSearch(query, { filters: { type: { any: ["briefing", "page"] } } }, 200);
  if (search === null || input.value.trim() !== query) return;  // a newer query is on its way
  const actors = await module.search(query, { filters: { type: "actor" } });
  const named = await Promise.all(actors.results.slice(0, MAX_ACTORS).map((r) => r.data()));
  if (input.value.trim() !== query) return;
  current = search;
  shown = 0;
  list.replaceChildren();
  if (named.length) list.append(actorLine(named));
  say(count(search.results.length));
  await showMore(search);
}

function actorLine(named) {
  const li = document.createElement("li");
  li.className = "md-search-result__item site-search__actors";
  const label = document.createElement("span");
  label.textContent = "Actor pages: ";
  li.append(label);
  named.forEach((data, i) => {
    if (i) li.append(document.createTextNode(" · "));
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.append(link);
  });
  return li;
}

function highlightOnArrival() {
  // Opened from a result: mark the searched words on the page (Pagefind's highlighter,
  // loaded only then). It marks text nodes; the words are never read as HTML.
  if (!new URLSearchParams(window.location.search).getAll(HIGHLIGHT).length) return;
  const url = new URL("pagefind-highlight.js", new URL(script.dataset.index, document.baseURI));
  import(url.href)
    .then((module) => new module.default({ highlightParam: HIGHLIGHT, addStyles: false }))
    .catch((error) => console.error("search: cannot highlight", error));
}

if (script) highlightOnArrival();

if (root && input && list && status && script) {
  root.dataset.placeholder = "Type to start searching";
  say(root.dataset.placeholder);
  input.addEventListener("input", run);
  input.addEventListener("focus", () => {
    if (toggle && !toggle.checked) toggle.checked = true;
    load().catch(() => say(status.dataset.failed));
  });
  root.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();  // Enter opens the first result
    const first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  root.querySelector("form").addEventListener("reset", () => setTimeout(run, 0));
  more.addEventListener("click", () => current && showMore(current));
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) setTimeout(() => input.focus(), 200);  // after Material's open transition
    });
  }
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement &&
      (event.target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName));
    if (toggle && toggle.checked && event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    } else if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") &&
               !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      if (toggle) toggle.checked = true;
      input.focus();
    }
  });
}
