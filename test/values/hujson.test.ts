import { HujsonError, nodeFromValue, parseHujson } from '../../src/values/hujson';

const errorOf = (text: string) => {
  try {
    parseHujson(text);
  } catch (error) {
    if (error instanceof HujsonError) return { line: error.line, column: error.column, reason: error.reason };
    throw error;
  }
  return undefined;
};

describe('parseHujson', () => {
  it('reads comments and one trailing comma after the last member or element', () => {
    const node = parseHujson('// head\n{ /* a */ "a": [1, "x",], // b\n "b": null, }\n');
    expect(node).toMatchObject({
      kind: 'object',
      at: { line: 2, column: 1 },
      members: [
        {
          key: 'a',
          keyAt: { line: 2, column: 11 },
          value: { kind: 'array', elements: [{ raw: '1' }, { value: 'x' }] },
        },
        { key: 'b', value: { kind: 'null' } },
      ],
    });
  });

  it('keeps the raw text of strings, escapes and all', () => {
    expect(parseHujson('"a\\u0041"')).toMatchObject({ kind: 'string', value: 'aA', raw: '"a\\u0041"' });
  });

  it('refuses what JWCC does not allow, at its line and column', () => {
    expect(errorOf('')).toEqual({ line: 1, column: 1, reason: 'unexpected EOF' });
    expect(errorOf('{} // no newline')).toEqual({ line: 1, column: 17, reason: 'parsing comment: unexpected EOF' });
    expect(errorOf('{\n  "a": 1,,\n}')).toEqual({
      line: 2,
      column: 10,
      reason: "invalid character ',' looking for beginning of object key string",
    });
    expect(errorOf("{'a': 1}")).toMatchObject({ line: 1, column: 2 });
    expect(errorOf('[1 2]')).toEqual({
      line: 1,
      column: 4,
      reason: "invalid character '2' after array element (expecting ',' or ']')",
    });
    expect(errorOf('{} {}')).toMatchObject({ reason: "invalid character '{' after top-level value" });
    expect(errorOf('[01]')).toMatchObject({ line: 1, column: 3 });
    expect(errorOf('"a\tb"')).toMatchObject({ line: 1, column: 3 });
    expect(errorOf('['.repeat(1001))).toMatchObject({ column: 1001, reason: 'exceeded max depth of 1000' });
    expect(errorOf(`${'['.repeat(1000)}${']'.repeat(1000)}`)).toBeUndefined();
  });
});

describe('nodeFromValue', () => {
  it('turns a map read from YAML into nodes without positions', () => {
    expect(nodeFromValue({ a: [1, true, null, 'x'] })).toEqual({
      kind: 'object',
      raw: '{"a":[1,true,null,"x"]}',
      members: [
        {
          key: 'a',
          value: {
            kind: 'array',
            raw: '[1,true,null,"x"]',
            elements: [
              { kind: 'number', raw: '1' },
              { kind: 'boolean', value: true, raw: 'true' },
              { kind: 'null', raw: 'null' },
              { kind: 'string', value: 'x', raw: '"x"' },
            ],
          },
        },
      ],
    });
  });
});
