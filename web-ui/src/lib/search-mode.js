// Pure helper: decides how one search box's text is searched (tag, name, words inside, or meaning).

const PREFIXES = { "tag:": "tag", "name:": "name", "text:": "text", "q:": "q" };

/**
 * Returns {mode, term}. An explicit mode wins; in "auto" a prefix ("tag:cat") wins, then a known tag,
 * a quoted phrase (words inside files), something that looks like a file name (has a dot or a slash),
 * and otherwise the text is searched by meaning.
 */
export function detectMode(text, mode = "auto", knownTags = new Set()) {
  const raw = String(text ?? "").trim();
  if (mode && mode !== "auto") return { mode, term: raw };
  for (const [prefix, m] of Object.entries(PREFIXES)) {
    if (raw.toLowerCase().startsWith(prefix)) return { mode: m, term: raw.slice(prefix.length).trim() };
  }
  if (knownTags.has(raw.toLowerCase())) return { mode: "tag", term: raw.toLowerCase() };
  const quoted = raw.match(/^"(.+)"$/);
  if (quoted) return { mode: "text", term: quoted[1].trim() };
  if (!/\s/.test(raw) && /[./]/.test(raw)) return { mode: "name", term: raw };
  return { mode: "q", term: raw };
}

export const MODE_LABELS = { tag: "tag", name: "name", text: "words inside", q: "meaning" };
