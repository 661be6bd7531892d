// Bundles the page into static files: node build.mjs [outdir]
// Maven passes target/classes/io/graphdrive/webui so the files land in the jar as classpath resources.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const outdir = process.argv[2] || "dist";
mkdirSync(outdir, { recursive: true });

// The page and its layout worker (loaded by the page as layout-worker.js).
await build({
  entryPoints: ["src/app.js", "src/layout-worker.js"],
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["es2020"],
  outdir,
  logLevel: "warning",
});
for (const file of ["index.html", "style.css"]) {
  copyFileSync(join("src", file), join(outdir, file));
}
console.log("web-ui built into " + outdir);
