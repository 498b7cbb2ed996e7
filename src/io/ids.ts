/**
 * Article ids become file paths under output/ (`output/articles/<id>.json`), so an id may never climb out of it.
 * Returns the reason an id is refused, or undefined when it is safe.
 */
export function unsafeIdReason(id: string): string | undefined {
  if (id.length === 0) return 'is empty';
  if (id.length > 400) return 'is longer than 400 characters';
  if (/[\u0000-\u001f\\]/.test(id)) return 'contains a control character or a backslash';
  // `C:/x` is a Windows absolute path; `x:1` is the id of line 1 of x.jsonl and is fine.
  if (id.startsWith('/') || /^[A-Za-z]:\//.test(id)) return 'is an absolute path';
  const parts = id.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return "contains a '.', '..' or empty path segment";
  return undefined;
}
