// The search index's shared rules (docs/search-index.md), as the search box applies them:
// a module with no page in it, so that a Node test runs it on the same test vectors as the
// Python that writes the index (tests/fixtures/search_vectors.json).

export function fold(text) {
  // Decomposed (NFKD), combining marks dropped, lower case.
  return text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
}

export function words(text, stop) {
  // Runs of letters and digits of the folded text; one-letter words other than digits, and
  // stop words, left out.
  return (fold(text).match(/[\p{L}\p{N}]+/gu) || [])
    .filter((w) => (w.length > 1 || /\p{N}/u.test(w)) && !stop.has(w));
}

export function singular(word) {
  // A plural query word finds the singular too: "ministers" is looked up as "minister",
  // which begins "minister", "ministers" and "ministerial".
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

export function decode(postings) {
  // "gap[.count] ..." in base 36 -> Map(document -> count)
  const out = new Map();
  let at = 0;
  for (const item of postings.split(" ")) {
    const [gap, n] = item.split(".");
    at += parseInt(gap, 36);
    out.set(at, n ? parseInt(n, 36) : 1);
  }
  return out;
}

export function docFile(files, number) {
  // [file name, place in it] of document `number`: briefings and pages `per_file` to a
  // file ("0", "1", ...), then actor pages `actors_per_file` to a file ("a0", "a1", ...).
  return number < files.actors_from
    ? [String(Math.floor(number / files.per_file)), number % files.per_file]
    : [`a${Math.floor((number - files.actors_from) / files.actors_per_file)}`,
      (number - files.actors_from) % files.actors_per_file];
}
