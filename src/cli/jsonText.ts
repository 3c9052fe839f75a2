// The text `JSON.stringify(value, null, 2)` gives, in pieces: a report of millions of reported lines makes JSON
// longer than one string can hold, so its big arrays, and the objects holding them, are written item by item.

/** Arrays longer than this are written item by item (and the objects that hold one, key by key). */
const BIG_ARRAY = 256;

export function* jsonChunks(value: unknown, indent = ''): Generator<string> {
  if (Array.isArray(value)) {
    if (value.length <= BIG_ARRAY && !holdsBig(value)) {
      yield stringified(value, indent);
      return;
    }
    if (value.length === 0) {
      yield '[]';
      return;
    }
    const inner = `${indent}  `;
    for (let index = 0; index < value.length; index += 1) {
      yield `${index === 0 ? '[' : ','}\n${inner}`;
      const item: unknown = value[index];
      // As JSON.stringify writes them in arrays: undefined and functions become null.
      yield* jsonChunks(item === undefined || typeof item === 'function' ? null : item, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (isObject(value) && holdsBig(Object.values(value))) {
    const inner = `${indent}  `;
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* jsonChunks(item, inner);
    }
    yield first ? '{}' : `\n${indent}}`;
    return;
  }
  yield stringified(value, indent);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether any of `values` is a big array or an object (which may hold one). */
function holdsBig(values: readonly unknown[]): boolean {
  return values.some((item) => (Array.isArray(item) && (item.length > BIG_ARRAY || holdsBig(item))) || (isObject(item) && holdsBig(Object.values(item))));
}

/** JSON.stringify(value, null, 2), placed at `indent`. */
function stringified(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}
