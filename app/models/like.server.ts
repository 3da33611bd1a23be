// A search box's text as a LIKE pattern matching it anywhere: `\`, `%` and `_` are escaped with
// a backslash, so the query must say ESCAPE '\'.
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
