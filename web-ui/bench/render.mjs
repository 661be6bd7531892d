// Measures the graph view in headless Chromium: time to first render, to interactive and to a settled layout for
// overviews of 1,000, 10,000 and 50,000 nodes, and frames per second while panning.
//   node bench/render.mjs [--sizes 0,1000,10000,50000] [--runs 3] [--page DIR]
// DIR is the built page (default target/classes/io/graphdrive/webui, what `mvn package` builds).
// The page is served by a small static server with the production CSP; every /api/v1 call is answered
// in the browser (playwright's page.route) so only the page's own work is timed: the overview is a
// synthetic tag graph of the given size with community structure, the rest are empty answers. Size 0 (an
// empty drive) gives the frame rate of panning an empty canvas: the ceiling of the machine's WebGL.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "0,1000,10000,50000" },
    runs: { type: "string", default: "3" },
    page: { type: "string", default: "target/classes/io/graphdrive/webui" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const runs = Number(values.runs);
const pageDir = resolve(values.page);
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
  + "connect-src 'self'; worker-src 'self' blob:; font-src 'self'; manifest-src 'self'; "
  + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml",
  ".png": "image/png", ".json": "application/json" };

/** A deterministic pseudo-random generator, so every run draws the same graph. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** An overview answer of n tags in about sqrt(n) communities, with about 2n co-occurrence edges. */
function overview(n) {
  const rnd = random(n);
  const groups = Math.max(2, Math.round(Math.sqrt(n) / 2));
  const nodes = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: "tag:t" + i, type: "tag", label: "tag " + i, count: 1 + Math.floor(1000 / (1 + i) + rnd() * 5) });
  }
  const edges = [];
  const seen = new Set();
  while (edges.length < 2 * n) {
    const a = Math.floor(rnd() * n);
    // Nine edges in ten stay inside a community, as real co-occurrence does.
    const b = rnd() < 0.9
      ? (a - (a % groups) + Math.floor(rnd() * groups)) % n
      : Math.floor(rnd() * n);
    const key = a < b ? a + "," + b : b + "," + a;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: "tag:t" + a, target: "tag:t" + b, type: "CO_OCCURS", weight: 1 + Math.floor(rnd() * 9) });
  }
  return { view: "tags", nodes, edges, totals: { files: n * 10, tags: n }, sampled: false };
}

function serve() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = join(pageDir, path === "/" ? "index.html" : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream",
        "Content-Security-Policy": CSP });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end('{"error":"not found"}');
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Loads the page with an overview of n nodes; returns {firstRender, interactive, fps} (ms, ms, frames/s). */
async function measure(browser, base, n, withFps) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const body = JSON.stringify(overview(n));
  await page.route("**/api/v1/**", (route) => {
    const url = new URL(route.request().url());
    const endpoint = url.pathname.replace("/api/v1", "");
    const answers = {
      "/overview": body,
      "/stats": JSON.stringify({ files: { PENDING: 0, TAGGED: n * 10, FAILED: 0 }, queue: { depth: 0, inFlight: 0 },
        workers: { count: 1, busy: 0 }, retag: null }),
      "/tags": JSON.stringify({ tags: [] }),
      "/changes": JSON.stringify({ now: Date.now(), files: [], more: false }),
      "/health": JSON.stringify({ status: "ok", components: {} }),
    };
    route.fulfill({ status: 200, contentType: "application/json", body: answers[endpoint] ?? "{}" });
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/#token=bench");
  // The page marks the first frame, the first moment after it that its main thread runs a task
  // (interactive: the layout runs in a worker), and when the layout's positions have landed.
  // Polled on a timer: polling on animation frames keeps the page drawing frames and delays its own tasks.
  await page.waitForFunction(() => performance.getEntriesByName("graph-layout-done").length > 0,
    null, { timeout: 300_000, polling: 100 });
  const marks = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    return { firstRender: at("graph-first-render"), interactive: at("graph-interactive"), settled: at("graph-layout-done") };
  });
  let fps = null;
  if (withFps) {
    const box = await page.evaluate(() => {
      // The graph is the largest canvas on the page.
      const canvases = [...document.querySelectorAll("canvas")];
      const big = canvases.sort((a, b) => b.clientWidth * b.clientHeight - a.clientWidth * a.clientHeight)[0];
      const r = big.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    });
    await page.evaluate(() => {
      window.__frames = 0;
      const tick = () => { window.__frames++; window.__raf = requestAnimationFrame(tick); };
      window.__raf = requestAnimationFrame(tick);
    });
    const started = Date.now();
    const cx = box.x + box.w / 2;
    const cy = box.y + box.h / 2;
    // Three seconds of dragging the view back and forth, as a user pans.
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; Date.now() - started < 3000; i++) {
      const dx = Math.sin(i / 10) * box.w / 4;
      const dy = Math.cos(i / 13) * box.h / 4;
      await page.mouse.move(cx + dx, cy + dy, { steps: 1 });
    }
    await page.mouse.up();
    const frames = await page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames; });
    fps = frames / ((Date.now() - started) / 1000);
  }
  await context.close();
  if (errors.length) throw new Error("page errors: " + errors.join("; "));
  return { ...marks, fps };
}

const server = await serve();
const base = "http://127.0.0.1:" + server.address().port;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"],
});
console.log("| nodes | edges | first render (ms) | interactive (ms) | layout settled (ms) | fps while panning |");
console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
try {
  for (const n of sizes) {
    const results = [];
    for (let r = 0; r < runs; r++) {
      results.push(await measure(browser, base, n, true));
    }
    const fmt = (xs) => Math.round(median(xs)).toLocaleString("en");
    console.log(`| ${n.toLocaleString("en")} | ${(2 * n).toLocaleString("en")} | ${fmt(results.map((x) => x.firstRender))}`
      + ` | ${fmt(results.map((x) => x.interactive))} | ${fmt(results.map((x) => x.settled))} | ${median(results.map((x) => x.fps)).toFixed(1)} |`);
  }
} finally {
  await browser.close();
  server.close();
}
