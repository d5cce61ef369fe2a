// The search box's shared rules (overrides/assets/javascripts/search-core.js) on the test
// vectors the Python index writer is checked against too (tests/test_search_vectors.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { decode, docFile, fold, singular, words } from "../../overrides/assets/javascripts/search-core.js";

const vectors = JSON.parse(readFileSync(new URL("../fixtures/search_vectors.json", import.meta.url), "utf8"));
const stop = new Set(vectors.stop);

test("fold", () => {
  for (const [input, expected] of vectors.fold) assert.equal(fold(input), expected, input);
});

test("words", () => {
  for (const [input, expected] of vectors.words) assert.deepEqual(words(input, stop), expected, input);
});

test("singular", () => {
  for (const [input, expected] of vectors.singular) assert.equal(singular(input), expected, input);
});

test("postings decode", () => {
  for (const [flat, encoded] of vectors.postings) {
    const pairs = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    assert.deepEqual([...decode(encoded)], pairs, encoded);
  }
});

test("doc file", () => {
  for (const [files, number, expected] of vectors.doc_file) assert.deepEqual(docFile(files, number), expected);
});
