import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { generateBootSource, generatePageBundleSource, PAGE_BUNDLES } from "./manifest_gen.ts";

export interface AssetUrls {
  css: string;
  boot: string;
  /** Page bundles by name (`PAGE_BUNDLES`): one script for all of a page's islands. */
  bundles: Record<string, { url: string; islands: readonly string[] }>;
}

const MANIFEST = "static/build/manifest.json";

/** The built assets' URLs, or null when nothing is built yet. */
export async function loadAssetUrls(root: URL): Promise<AssetUrls | null> {
  try {
    const m = JSON.parse(await Deno.readTextFile(new URL(MANIFEST, root)));
    if (typeof m.css !== "string" || typeof m.boot !== "string") return null;
    await Deno.stat(new URL(`.${m.css}`, root));
    await Deno.stat(new URL(`.${m.boot}`, root));
    const bundles: AssetUrls["bundles"] = {};
    for (const [name, islands] of Object.entries(PAGE_BUNDLES)) {
      // A build from before this bundle was declared: build again.
      if (typeof m.bundles?.[name] !== "string") return null;
      await Deno.stat(new URL(`.${m.bundles[name]}`, root));
      bundles[name] = { url: m.bundles[name], islands };
    }
    return { css: m.css, boot: m.boot, bundles };
  } catch {
    return null;
  }
}

async function run(root: URL, args: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`deno ${args.join(" ")} failed:\n${text}`);
  }
}

async function hashDir(dir: URL): Promise<string> {
  const names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
  const parts: Uint8Array[] = [];
  for (const n of names) {
    parts.push(new TextEncoder().encode(n), await Deno.readFile(new URL(n, dir)));
  }
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Bundles the islands (code-split, minified, their own JSX config) and the Tailwind CSS into
 * `static/build/<content hash>/`, served immutable; keeps the previous build for open pages.
 */
export async function buildAssets(root: URL): Promise<AssetUrls> {
  // Each build works in its own folder, so two builds at once (a test run and a start) never
  // mix their outputs; the manifest is swapped in by rename, so readers see one build or the other.
  await Deno.mkdir(new URL(".build/", root), { recursive: true });
  const workPath = await Deno.makeTempDir({ dir: new URL(".build/", root).pathname, prefix: "b-" });
  const work = new URL(`${workPath}/`, "file://");
  const rel = workPath.slice(new URL(".build/", root).pathname.length);
  const out = new URL("out/", work);
  await Deno.mkdir(out, { recursive: true });
  await Deno.writeTextFile(new URL("boot.ts", work), await generateBootSource(root));
  for (const [name, islands] of Object.entries(PAGE_BUNDLES)) {
    await Deno.writeTextFile(new URL(`${name}.ts`, work), generatePageBundleSource(islands));
  }
  try {
    return await bundleInto(root, rel, out);
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

/** `deno bundle` of the islands (their own import map and JSX config), minified for browsers. */
const BUNDLE = [
  "bundle",
  "--quiet",
  "--no-lock",
  "--config",
  "deno.islands.json",
  "--minify",
  "--platform",
  "browser",
];

async function bundleInto(root: URL, rel: string, out: URL): Promise<AssetUrls> {
  await run(root, [
    ...BUNDLE,
    "--code-splitting",
    "--outdir",
    `.build/${rel}/out`,
    `.build/${rel}/boot.ts`,
  ]);
  // Each page bundle is one file: no code splitting, its own copy of Preact.
  for (const name of Object.keys(PAGE_BUNDLES)) {
    await run(root, [
      ...BUNDLE,
      "--output",
      `.build/${rel}/out/${name}.js`,
      `.build/${rel}/${name}.ts`,
    ]);
  }
  await run(root, [
    "run",
    "-A",
    "@tailwindcss/cli",
    "-i",
    "static/styles.css",
    "-o",
    `.build/${rel}/out/app.css`,
    "--minify",
  ]);
  await precompress(out);
  const hash = await hashDir(out);
  const buildDir = new URL("static/build/", root);
  await Deno.mkdir(buildDir, { recursive: true });
  const target = new URL(`${hash}/`, buildDir);
  const exists = await Deno.stat(target).then(() => true, () => false);
  if (!exists) await Deno.rename(out, target);
  const previous = await loadAssetUrls(root);
  const keep = new Set([hash, previous?.css.split("/")[3]]);
  for await (const e of Deno.readDir(buildDir)) {
    if (e.isDirectory && !keep.has(e.name)) {
      await Deno.remove(new URL(e.name, buildDir), { recursive: true });
    }
  }
  const base = `/static/build/${hash}`;
  const bundles: AssetUrls["bundles"] = {};
  for (const [name, islands] of Object.entries(PAGE_BUNDLES)) {
    bundles[name] = { url: `${base}/${name}.js`, islands };
  }
  const urls: AssetUrls = { css: `${base}/app.css`, boot: `${base}/boot.js`, bundles };
  const manifest = {
    css: urls.css,
    boot: urls.boot,
    bundles: Object.fromEntries(Object.entries(bundles).map(([n, b]) => [n, b.url])),
  };
  const tmp = new URL(`${MANIFEST}.${crypto.randomUUID()}`, root);
  await Deno.writeTextFile(tmp, JSON.stringify(manifest, null, 2) + "\n");
  await Deno.rename(tmp, new URL(MANIFEST, root));
  return urls;
}

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside each built script and
 * stylesheet, once per build, so serving them costs no compression at all.
 */
export async function precompress(dir: URL): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !/\.(js|css)$/.test(entry.name)) continue;
    const bytes = await Deno.readFile(new URL(entry.name, dir));
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    await Deno.writeFile(new URL(`${entry.name}.br`, dir), br);
    await Deno.writeFile(new URL(`${entry.name}.gz`, dir), gzipSync(bytes, { level: 9 }));
  }
}
