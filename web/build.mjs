// Build the dashboard into src/flashpoint/service/web/static/ (committed, so Python users need no npm):
// app.js (one ES module bundle), app.css, index.html, the world map TopoJSON, and the licences
// of the bundled packages. Deterministic: a rebuild without changes leaves git clean.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "flashpoint", "service", "web", "static");
const ATLAS = "countries-50m.json";
// Browsers of the last few years; nothing here needs polyfills.
const TARGET = ["chrome109", "firefox115", "safari16"];

mkdirSync(out, { recursive: true });
const js = await esbuild.build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true, format: "esm", minify: true, target: TARGET, legalComments: "none",
  outfile: join(out, "app.js"), metafile: true, logLevel: "warning",
});
await esbuild.build({
  entryPoints: [join(here, "src", "app.css")],
  bundle: true, minify: false, target: TARGET, outfile: join(out, "app.css"), logLevel: "warning",
});
copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));
copyFileSync(join(here, "node_modules", "world-atlas", ATLAS), join(out, ATLAS));

// One licence file for everything shipped from node_modules (the bundle and the atlas).
const packages = new Set(["world-atlas"]);
for (const input of Object.keys(js.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.add(m[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = ["LICENSE", "LICENSE.md", "LICENSE.txt"].map((f) => join(dir, f)).find(existsSync);
  const text = file ? readFileSync(file, "utf8").trim() : `License: ${pkg.license}`;
  return `${name}@${pkg.version} (${pkg.license})\n${"-".repeat(60)}\n${text}\n`;
});
writeFileSync(join(out, "THIRD_PARTY_LICENSES.txt"),
  "Third-party software and data bundled in the flashpoint dashboard.\n" +
  "The map boundaries are Natural Earth (public domain) via world-atlas.\n\n" + notices.join("\n"));
console.log(`built ${out}: app.js, app.css, index.html, ${ATLAS}, ${packages.size} licences`);
