// Small DOM helpers: elements built with textContent only, and the message bar.

export const $ = (id) => document.getElementById(id);

/** Creates an element with text (always as text, never HTML) and an optional class. */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** Shows a message in the bar (an error unless told otherwise); an empty text hides it. */
export function showMessage(text, isError = true) {
  const box = $("message");
  box.textContent = text;
  box.className = isError ? "error" : "info";
  box.hidden = !text;
}

/** Runs an action; a failure is shown in the message bar and gives undefined. */
export async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    showMessage(e.message || String(e));
    return undefined;
  }
}
