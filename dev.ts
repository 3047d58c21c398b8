// deno-lint-ignore-file no-console
import { buildAssets } from "./lib/build/assets.ts";
import { generateManifestSource } from "./lib/build/manifest_gen.ts";

/**
 * Developer entry.
 *   deno task dev      regenerate fresh.gen.ts, build assets, run main.ts with --watch
 *   deno task build    regenerate fresh.gen.ts and build assets
 *   dev.ts verify      fail when fresh.gen.ts is stale (CI)
 */
const ROOT = new URL("./", import.meta.url);
const MANIFEST = new URL("fresh.gen.ts", ROOT);

async function writeManifest(): Promise<void> {
  const source = await generateManifestSource(ROOT);
  const current = await Deno.readTextFile(MANIFEST).catch(() => "");
  if (current !== source) await Deno.writeTextFile(MANIFEST, source);
}

async function verifyManifest(): Promise<void> {
  const source = await generateManifestSource(ROOT);
  const current = await Deno.readTextFile(MANIFEST).catch(() => "");
  if (current !== source) {
    console.error("fresh.gen.ts is stale: run `deno task build` and commit it");
    Deno.exit(1);
  }
  console.log("fresh.gen.ts is up to date");
}

async function watchSources(): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--watch=routes/,islands/,components/,lib/,static/styles.css", "main.ts"],
    cwd: ROOT,
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  for await (const event of Deno.watchFs(["routes", "islands", "components"])) {
    if (event.kind === "access") continue;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        await writeManifest();
        await buildAssets(ROOT);
        console.log("rebuilt assets");
      } catch (err) {
        console.error(String(err));
      }
    }, 150);
  }
  await child.status;
}

const command = Deno.args[0] ?? "dev";
if (command === "verify") {
  await verifyManifest();
} else {
  await writeManifest();
  const urls = await buildAssets(ROOT);
  console.log(`built ${urls.css} and ${urls.boot}`);
  if (command === "dev") await watchSources();
}
