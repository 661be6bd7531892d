// Pure helper: cuts a snippet into plain and highlighted parts from the server's [start, end) offsets.

/** Returns [{text, mark}] covering the whole snippet; overlapping or out-of-range offsets are merged or clipped. */
export function highlightParts(snippet, highlights) {
  const text = String(snippet ?? "");
  const ranges = (Array.isArray(highlights) ? highlights : [])
    .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]))
    .map(([a, b]) => [Math.max(0, a), Math.min(text.length, b)])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const parts = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (b <= at) continue;
    const start = Math.max(a, at);
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    const last = parts[parts.length - 1];
    if (last?.mark && start === at) last.text += text.slice(start, b);
    else parts.push({ text: text.slice(start, b), mark: true });
    at = b;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}
