// Drives the page in a real headless Chromium against a running GraphDrive, as a user would; exits 1 on the first
// failed step. Environment: GRAPHDRIVE_URL (http://127.0.0.1:PORT), GRAPHDRIVE_TOKEN, LOGIN_LINK (the link `graphdrive
// up` printed; default GRAPHDRIVE_URL/#token=GRAPHDRIVE_TOKEN), GRAPHDRIVE_FIXTURES (the local
// copies of the files the harness put), ARTIFACTS (where screenshots go), CHROMIUM (default /usr/bin/chromium).
// Run by cli's BrowserTest, which puts /notes/soup.txt, /pictures/sunset.png, /papers/galaxies.pdf and the
// hostile-named /<img src=x onerror=alert(1)>.txt and waits until they are tagged.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE = (process.env.GRAPHDRIVE_URL || "").replace(/\/$/, "");
const TOKEN = process.env.GRAPHDRIVE_TOKEN || "";
const LOGIN_LINK = process.env.LOGIN_LINK || `${BASE}/#token=${encodeURIComponent(TOKEN)}`;
const FIXTURES = process.env.GRAPHDRIVE_FIXTURES || "";
const ARTIFACTS = process.env.ARTIFACTS || "browser-artifacts";
const HOSTILE = "<img src=x onerror=alert(1)>.txt";
if (!BASE || !TOKEN || !FIXTURES) {
  console.error("set GRAPHDRIVE_URL, GRAPHDRIVE_TOKEN and GRAPHDRIVE_FIXTURES");
  process.exit(2);
}
mkdirSync(ARTIFACTS, { recursive: true });

const problems = [];
let allowFailedLoads = false;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function apiGet(pathAndQuery) {
  const res = await fetch(BASE + "/api/v1" + pathAndQuery, { headers: { Authorization: "Bearer " + TOKEN } });
  return { status: res.status, body: res.headers.get("content-type")?.includes("json") ? await res.json() : null };
}

// Collects what must never happen: console errors, uncaught errors, CSP violations, dialogs (an XSS would alert).
function watch(page) {
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (allowFailedLoads && m.text().startsWith("Failed to load resource")) return;
    problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push("uncaught page error: " + e.message));
  page.on("dialog", (d) => {
    problems.push("a dialog fired: " + d.message());
    d.dismiss().catch(() => {});
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
await context.addInitScript(() => {
  document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
});
const page = await context.newPage();
watch(page);
page.setDefaultTimeout(20000);

async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    check(problems.length === 0, problems.join("\n"));
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message}`);
    await page.screenshot({ path: join(ARTIFACTS, "failed.png") }).catch(() => {});
    await browser.close();
    process.exit(1);
  }
}

async function search(text, mode = "auto") {
  await page.fill("#search-text", text);
  await page.selectOption("#search-mode", mode);
  await page.click("#search-form button[type=submit]");
  await page.waitForSelector("#results[aria-busy=false]");
}

const result = (path) => page.locator(`#results button.result[data-path="${path.replace(/"/g, '\\"')}"]`);

async function openFile(path) {
  await search(path.slice(path.lastIndexOf("/") + 1), "name");
  await result(path).click();
  await page.waitForFunction((p) => document.querySelector("#panel-path")?.textContent === p
    && !document.querySelector("#panel").hidden, path);
}

await step("log in with the link; the token leaves the address bar", async () => {
  await page.goto(LOGIN_LINK);
  await page.waitForSelector("#app:not([hidden])");
  check(!page.url().includes("token"), "the token is still in the address: " + page.url());
  check(await page.evaluate(() => localStorage.getItem("graphdrive.token")) === TOKEN, "the token is not stored");
});

await step("the overview draws the tags with a legend", async () => {
  await page.waitForFunction(() => performance.getEntriesByName("graph-first-render").length > 0);
  await page.waitForFunction(() => performance.getEntriesByName("graph-layout-done").length > 0, null, { timeout: 60000 });
  check(await page.locator("#graph canvas").count() > 0, "no canvas in the graph");
  check(/tags over \d+ files/.test(await page.textContent("#graph-caption")), "caption: " + await page.textContent("#graph-caption"));
  check(await page.locator("#legend li").count() > 0, "the legend is empty");
  await page.screenshot({ path: join(ARTIFACTS, "overview.png") });
});

await step("the folders view draws folders and files", async () => {
  await page.click("#view-folders");
  await page.waitForFunction(() => /folders and files/.test(document.querySelector("#graph-caption").textContent));
  check(page.url().includes("view=folders"), "the view is not in the URL");
  await page.screenshot({ path: join(ARTIFACTS, "folders.png") });
  await page.click("#view-tags");
  await page.waitForFunction(() => /tags over/.test(document.querySelector("#graph-caption").textContent));
});

await step("search by tag lists the tag's files", async () => {
  const { body } = await apiGet("/files?path=" + encodeURIComponent("/notes/soup.txt"));
  const tag = body.tags[0].name;
  await search(tag, "tag");
  await result("/notes/soup.txt").waitFor();
  check(page.url().includes("mode=tag"), "the search is not in the URL");
});

await step("search by name finds the PDF", async () => {
  await search("galaxies.pdf");
  await result("/papers/galaxies.pdf").waitFor();
});

await step("search by words inside highlights the match", async () => {
  await search('"tomato soup"');
  await result("/notes/soup.txt").waitFor();
  const marks = await page.locator("#results mark").allTextContents();
  check(marks.some((m) => m.toLowerCase() === "tomato"), "no highlighted 'tomato' in " + JSON.stringify(marks));
  await page.screenshot({ path: join(ARTIFACTS, "search-text.png") });
});

await step("search by meaning ranks the recipe", async () => {
  await search("cooking dinner in the kitchen", "q");
  await result("/notes/soup.txt").waitFor();
});

await step("a picture's and a PDF's panels show their previews", async () => {
  for (const path of ["/pictures/sunset.png", "/papers/galaxies.pdf"]) {
    await openFile(path);
    await page.waitForFunction(() => document.querySelector("#preview img")?.naturalWidth > 0);
  }
  check(page.url().includes("file=%2Fpapers%2Fgalaxies.pdf"), "the file is not in the URL: " + page.url());
  await page.screenshot({ path: join(ARTIFACTS, "panel-pdf.png") });
});

await step("a deep link opens the same search and file", async () => {
  await page.reload();
  await page.waitForFunction(() => document.querySelector("#panel-path")?.textContent === "/papers/galaxies.pdf");
  check(await page.inputValue("#search-text") === "galaxies.pdf", "the search box lost the search");
});

await step("a text file's panel shows its text; download gives the same bytes", async () => {
  await openFile("/notes/soup.txt");
  await page.waitForFunction(() => /tomato/i.test(document.querySelector("#preview").textContent));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#file-download")]);
  const bytes = readFileSync(await download.path());
  check(bytes.equals(readFileSync(join(FIXTURES, "soup.txt"))), "downloaded bytes differ");
  check(download.suggestedFilename() === "soup.txt", "file name " + download.suggestedFilename());
});

await step("add a tag, then remove it", async () => {
  const row = page.locator("#file-tags tbody tr", { hasText: "browsertest" });
  await page.fill("#tag-add", "BrowserTest");
  await page.click("#tag-form button");
  await row.waitFor();
  check((await row.textContent()).includes("user"), "the added tag's source is not user");
  await row.locator("button[aria-label^='remove tag']").click();
  await row.waitFor({ state: "detached" });
});

await step("files dropped on the page upload into the chosen folder and get tagged live", async () => {
  await page.fill("#upload-folder", "/uploads");
  const data = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["Notes from the garden: roses, tulips and daffodils bloom in spring sunshine."],
      "dropped.txt", { type: "text/plain" }));
    return dt;
  });
  await page.dispatchEvent("body", "dragenter", { dataTransfer: data });
  check(await page.isVisible("#drop-zone"), "the drop zone does not show");
  await page.dispatchEvent("body", "drop", { dataTransfer: data });
  const status = page.locator("#uploads li", { hasText: "/uploads/dropped.txt" }).locator(".status");
  await page.waitForFunction(() => /TAGGED/.test(document.querySelector("#uploads .status")?.textContent), null,
    { timeout: 180000 });
  check(/TAGGED/.test(await status.textContent()), "upload status: " + await status.textContent());
  check(/\d+ tagged/.test(await page.textContent("#counts")), "no counts: " + await page.textContent("#counts"));
  await page.screenshot({ path: join(ARTIFACTS, "upload.png") });
});

await step("rename a file", async () => {
  await openFile("/uploads/dropped.txt");
  await page.fill("#move-to", "/uploads/renamed.txt");
  await page.click("#move-form button");
  await page.waitForFunction(() => document.querySelector("#panel-path")?.textContent === "/uploads/renamed.txt");
  check((await apiGet("/files?path=" + encodeURIComponent("/uploads/dropped.txt"))).status === 404, "the old path is still there");
});

await step("delete a file after confirming; it is gone", async () => {
  await page.click("#file-delete");
  await page.waitForSelector("#confirm-delete[open]");
  await page.screenshot({ path: join(ARTIFACTS, "delete-confirm.png") });
  await page.click("#confirm-ok");
  await page.waitForFunction(() => document.querySelector("#panel").hidden);
  check((await page.textContent("#message")).includes("Deleted /uploads/renamed.txt"), "no deleted message");
  check((await apiGet("/files?path=" + encodeURIComponent("/uploads/renamed.txt"))).status === 404, "still on the server");
  await search("renamed.txt", "name");
  check(await result("/uploads/renamed.txt").count() === 0, "the deleted file is still found");
});

await step("a hostile file name is shown as text and runs nothing", async () => {
  await search("onerror", "name");
  await result("/" + HOSTILE).waitFor();
  await result("/" + HOSTILE).click();
  await page.waitForFunction((name) => document.querySelector("#panel-title").textContent === name, HOSTILE);
  check(await page.locator("#results img, #panel-title img, #panel-path img").count() === 0, "the name became HTML");
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ARTIFACTS, "hostile-name.png") });
});

await step("the overview with a file panel open (docs/web-ui.png)", async () => {
  await page.goto(BASE + "/?file=" + encodeURIComponent("/pictures/sunset.png"));
  await page.waitForFunction(() => performance.getEntriesByName("graph-layout-done").length > 0, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector("#preview img")?.naturalWidth > 0);
  await page.screenshot({ path: join(ARTIFACTS, "web-ui.png") });
});

await step("an empty drive and a server that is down are shown plainly", async () => {
  allowFailedLoads = true;
  await page.route("**/api/v1/overview*", (route) => route.fulfill({
    status: 200, contentType: "application/json", body: JSON.stringify({ view: "tags", nodes: [], edges: [], totals: { files: 0, tags: 0 } }) }));
  await page.goto(BASE + "/");
  await page.waitForSelector("#graph-empty:not([hidden])");
  await page.unroute("**/api/v1/overview*");
  await page.route("**/api/v1/**", (route) => route.fulfill({
    status: 502, contentType: "application/json", body: JSON.stringify({ error: "bad gateway", detail: "no index server answered" }) }));
  await page.goto(BASE + "/");
  await page.waitForFunction(() => /502: bad gateway/.test(document.querySelector("#message").textContent));
  await page.screenshot({ path: join(ARTIFACTS, "server-down.png") });
  await page.unroute("**/api/v1/**");
  allowFailedLoads = false;
});

await step("log out forgets the token", async () => {
  await page.goto(BASE + "/");
  await page.click("#logout");
  await page.waitForSelector("#signin:not([hidden])");
  check(await page.evaluate(() => localStorage.getItem("graphdrive.token")) === null, "the token is still stored");
});

await browser.close();
console.log("all browser steps passed");
