// Live updates: polls the changes (every 2 s) and the counts (every 5 s) and reports them to the page.
import { api } from "./api.js";
import { $ } from "./dom.js";

let since = 0;
let timers = [];

/** Starts polling; changed(files) gets each batch of changed files. Polling failures only dim the counts. */
export function startLive(changed) {
  stopLive();
  since = Date.now();
  const pollChanges = async () => {
    try {
      const answer = await api.changes(since);
      // The server's "now" lies far enough back that a landing still committing is seen by a later poll;
      // the duplicates that brings are handled once each by the page.
      since = answer.now;
      if (answer.files?.length) changed(answer.files);
    } catch {
      // the counts line says the server is unreachable
    }
  };
  timers.push(setInterval(pollChanges, 2000), setInterval(pollStats, 5000));
  pollStats();
}

export function stopLive() {
  timers.forEach(clearInterval);
  timers = [];
}

async function pollStats() {
  const line = $("counts");
  try {
    const stats = await api.stats();
    const files = stats.files ?? {};
    let text = `${files.PENDING ?? 0} pending · ${files.TAGGED ?? 0} tagged · ${files.FAILED ?? 0} failed`;
    const retag = stats.retag;
    if (retag?.running) text += ` · re-tag ${retag.done}/${retag.queued}`;
    line.textContent = text;
    line.classList.remove("down");
  } catch (e) {
    line.textContent = "Server unreachable: " + e.message;
    line.classList.add("down");
  }
}
