// The site's search box (partials/search.html) on the site's own index (site/search/,
// written by generator/site/search.py; docs/search-index.md specifies it).
//
// Why this file: Material's search plugin ships one index of every page, which at
// thousands of briefings is tens of MB downloaded on the first search. This index is
// split: a query loads the small index.json, one shard per word and one file per
// result shown. Results use Material's own result markup so they look like the rest
// of the site, and show each briefing's summary, not the page's first words.
//
// Words are matched as generator/site/search.py indexes them (docs/search-index.md, and
// search-core.js for the shared rules); a query word matches every word it begins; a
// result matches all the query's words. Everything shown comes from articles, so it is set
// as text (textContent, createTextNode), never as HTML.

import { decode, docFile, fold, singular, words } from "./search-core.js";

const PAGE_SIZE = 10;
const MAX_ACTORS = 6;
const EXCERPT_WORDS = 24;
const HIGHLIGHT = "highlight";  // result links carry ?highlight=word: the page opened marks it
const KIND_WEIGHT = { b: 1, p: 0.5, a: 1 };
const root = document.querySelector("[data-site-search]");
const toggle = document.getElementById("__search");
const input = root && root.querySelector(".md-search__input");
const list = root && root.querySelector("[data-search-results]");
const status = root && root.querySelector("[data-search-status]");
const more = root && root.querySelector("[data-search-more]");
const script = document.querySelector("script[data-index]");
const base = script && new URL(script.dataset.index, document.baseURI);  // .../search/index.json
const site = base && new URL("..", base);  // documents' URLs are relative to the site's root
let manifest = null;
const shards = new Map();
const docs = new Map();
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

async function json(path) {
  const url = new URL(path, base);
  if (manifest) url.searchParams.set("v", manifest.build);  // a new build is not mixed with a cached one
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

async function load() {
  if (!manifest) {
    manifest = json("index.json").then((m) => {
      m.stopSet = new Set(m.stop);
      m.keys = Object.keys(m.shards);
      return m;
    });
    manifest.catch(() => { manifest = null; });
  }
  return manifest;
}

function shard(m, key) {
  if (!shards.has(key)) shards.set(key, json(`shard/${m.shards[key]}.json`));
  return shards.get(key);
}

function doc(m, number) {
  const [name, at] = docFile(m.files, number);
  if (!docs.has(name)) docs.set(name, json(`doc/${name}.json`));
  return docs.get(name).then((bodies) => bodies[at]);
}

async function matches(m, word) {
  // Every document holding a word that begins with `word` (a short word: that word only),
  // scored by how rare the word is and how often the document has it.
  const prefix = word.length >= 3;
  const keys = m.keys.filter((k) => word.startsWith(k) || (prefix && k.startsWith(word)));
  const loaded = await Promise.all(keys.map((k) => shard(m, k)));
  const scores = new Map();
  for (const terms of loaded) {
    for (const [term, postings] of Object.entries(terms)) {
      if (term !== word && !(prefix && term.startsWith(word))) continue;
      const found = decode(postings);
      const idf = Math.log(1 + m.count / found.size);
      const exact = term === word ? 1 : 0.6;
      for (const [number, n] of found) {
        const score = exact * idf * (1 + Math.log(n));
        if (score > (scores.get(number) || 0)) scores.set(number, score);
      }
    }
  }
  return scores;
}

async function find(query) {
  const m = await load();
  const wanted = [...new Set(words(query, m.stopSet).map(singular))];
  if (!wanted.length) return { words: [], results: [], actors: [] };
  const each = await Promise.all(wanted.map((w) => matches(m, w)));
  each.sort((a, b) => a.size - b.size);
  const results = [];
  for (const [number, first] of each[0]) {
    let score = first;
    for (const other of each.slice(1)) {
      const s = other.get(number);
      if (s === undefined) { score = -1; break; }
      score += s;
    }
    if (score >= 0) results.push([number, score * KIND_WEIGHT[m.kinds[number]]]);
  }
  results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);  // equal scores: newest briefing first
  const numbers = results.map(([n]) => n);
  return {
    words: wanted,
    results: numbers.filter((n) => m.kinds[n] !== "a"),
    actors: numbers.filter((n) => m.kinds[n] === "a"),
  };
}

function hits(text, wanted) {
  // [start, end) of each word of `text` that begins with a query word: what is marked.
  const out = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const folded = fold(match[0]);
    const word = wanted.find((w) => folded.startsWith(w) && (w.length >= 3 || folded === w));
    if (word) out.push([match.index, match.index + Math.min(match[0].length, word.length)]);
  }
  return out;
}

function marked(text, wanted, className) {
  // Text with its hits in <mark>: built from text nodes, nothing read as HTML.
  const out = document.createDocumentFragment();
  let last = 0;
  for (const [start, end] of hits(text, wanted)) {
    out.append(document.createTextNode(text.slice(last, start)));
    const mark = document.createElement("mark");
    if (className) mark.className = className;
    mark.textContent = text.slice(start, end);
    out.append(mark);
    last = end;
  }
  out.append(document.createTextNode(text.slice(last)));
  return out;
}

function excerpt(data, wanted) {
  // The first sentence of the article that holds a query word, cut to a few words around it.
  for (const sentence of data.x || []) {
    const found = hits(sentence, wanted);
    if (!found.length) continue;
    const parts = sentence.split(" ");
    const before = sentence.slice(0, found[0][0]).split(" ").length - 1;
    const start = Math.max(0, before - Math.floor(EXCERPT_WORDS / 3));
    const text = (start ? "… " : "") + parts.slice(start, start + EXCERPT_WORDS).join(" ")
      + (start + EXCERPT_WORDS < parts.length ? " …" : "");
    const p = document.createElement("p");
    p.className = "site-search__excerpt";
    p.append(marked(text, wanted));
    return p;
  }
  return null;
}

function href(data, wanted) {
  const url = new URL(data.u, site);
  for (const w of wanted) url.searchParams.append(HIGHLIGHT, w);
  return url.href;
}

function item(data, wanted) {
  const li = document.createElement("li");
  li.className = "md-search-result__item";
  const link = document.createElement("a");
  link.className = "md-search-result__link";
  link.href = href(data, wanted);
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  const title = document.createElement("h1");
  title.textContent = data.t || data.u;
  article.append(title);
  const where = [data.d, data.s].filter(Boolean).join(" · ");
  if (where) {
    const line = document.createElement("p");
    line.className = "site-search__meta";
    line.textContent = where;
    article.append(line);
  }
  if (data.m) {
    const summary = document.createElement("p");
    summary.className = "site-search__summary";
    summary.textContent = data.m;
    article.append(summary);
  }
  const cut = excerpt(data, wanted);
  if (cut) article.append(cut);
  link.append(article);
  li.append(link);
  return li;
}

async function showMore(search) {
  const m = await load();
  const page = search.results.slice(shown, shown + PAGE_SIZE);
  shown += page.length;
  const loaded = await Promise.all(page.map((n) => doc(m, n)));
  if (search !== current) return;
  for (const data of loaded) list.append(item(data, search.words));
  more.hidden = shown >= search.results.length;
}

function actorLine(named, wanted) {
  const li = document.createElement("li");
  li.className = "md-search-result__item site-search__actors";
  const label = document.createElement("span");
  label.textContent = "Actor pages: ";
  li.append(label);
  named.forEach((data, i) => {
    if (i) li.append(document.createTextNode(" · "));
    const link = document.createElement("a");
    link.href = href(data, wanted);
    link.textContent = data.t || data.u;
    li.append(link);
  });
  return li;
}

let timer = null;
function run() {
  clearTimeout(timer);
  timer = setTimeout(search, 150);  // one search when typing pauses, not one per key
}

async function search() {
  const query = input.value.trim();
  if (!query) {
    current = null;
    list.replaceChildren();
    more.hidden = true;
    say(root.dataset.placeholder || "");
    return;
  }
  let found;
  let named;
  try {
    found = await find(query);
    const m = await load();
    named = await Promise.all(found.actors.slice(0, MAX_ACTORS).map((n) => doc(m, n)));
  } catch (error) {
    say(status.dataset.failed);
    console.error("search: cannot read the index", error);
    return;
  }
  if (input.value.trim() !== query) return;  // a newer query is on its way
  current = found;
  shown = 0;
  list.replaceChildren();
  if (named.length) list.append(actorLine(named, found.words));
  say(count(found.results.length));
  await showMore(found);
}

function highlightOnArrival() {
  // Opened from a result: mark the searched words in the page's text (text nodes only).
  const wanted = new URLSearchParams(window.location.search).getAll(HIGHLIGHT)
    .map((w) => fold(w)).filter(Boolean);
  const content = document.querySelector("article.md-content__inner");
  if (!wanted.length || !content) return;
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, mark, .headerlink")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    if (hits(node.data, wanted).length) node.replaceWith(marked(node.data, wanted, "search-highlight"));
  }
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
  root.querySelector("form").addEventListener("reset", () => setTimeout(search, 0));
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
