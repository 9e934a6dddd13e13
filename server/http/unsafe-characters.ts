/**
 * Text the server cannot store or compare faithfully: NUL (PostgreSQL text refuses U+0000, SQLSTATE
 * 22021, and C libraries cut strings at it) and UTF-16 surrogates without their pair (not Unicode
 * scalar values: UTF-8 has no encoding for them, so they would be stored as U+FFFD or refused).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * The path (`a.b.0`) of the first string, or object key, in a parsed request value (JSON body, query,
 * path parameters) that holds an unsafe character; undefined when there is none. Walks with its own
 * stack, so a deeply nested body cannot exhaust the call stack.
 */
export function findUnsafeString(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSAFE.test(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        const at = path ? `${path}.${key}` : key;
        if (UNSAFE.test(key)) return at.replace(UNSAFE_GLOBAL, '\ufffd');
        stack.push([(v as Record<string, unknown>)[key], at]);
      }
    }
  }
  return undefined;
}

const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, 'g');
