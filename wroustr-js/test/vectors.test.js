// The protocol's conformance cases (wroustr-core's vectors.json), every section, every case.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ParseError, classify, parse, write } from '../src/index.js';

const VECTORS = fileURLToPath(new URL('../../wroustr-core/src/test/resources/protocol/vectors.json', import.meta.url));
const vectors = JSON.parse(readFileSync(VECTORS, 'utf8'));

test('the vectors are version 1 and hold every section', () => {
  assert.equal(vectors.version, 1);
  for (const section of ['parse', 'write', 'reserved']) assert.ok(vectors[section].length > 0, section);
});

describe('parse', () => {
  for (const c of vectors.parse) {
    test(c.name, () => {
      const maxParams = c.maxParams ?? vectors.defaultMaxParams;
      if (c.expect.error) {
        assert.throws(() => parse(c.text, maxParams), (e) => {
          assert.ok(e instanceof ParseError);
          assert.deepEqual({ kind: e.kind, offset: e.offset }, { kind: c.expect.error, offset: c.expect.offset });
          return true;
        });
      } else {
        const { route, params } = parse(c.text, maxParams);
        assert.deepEqual({ route, params: params.entries() }, c.expect);
      }
    });
  }
});

describe('write', () => {
  for (const c of vectors.write) {
    test(c.name, () => {
      assert.equal(write(c.route, c.params), c.text);
      const { route, params } = parse(c.text);
      assert.deepEqual({ route, params: params.entries() }, { route: c.route, params: c.params });
    });
  }
});

describe('reserved', () => {
  for (const c of vectors.reserved) {
    test(c.name, () => {
      const parsed = parse(c.text);
      const { kind, route, params, id } = classify(parsed.route, parsed.params);
      /** @type {Record<string, unknown>} */
      const actual = { kind, route, params: params.entries() };
      if (id !== undefined) actual.id = id;
      assert.deepEqual(actual, c.expect);
    });
  }
});
