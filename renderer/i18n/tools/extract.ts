import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { messagesInCode } from "./messages-in-code.js";

// `npm run i18n:extract`: writes en.json from the messages in the code (English is the source, so each message is
// its own translation), drops messages no longer used from every catalogue, and lists what each other catalogue
// still lacks. Translations are written by hand into fr/sw/hi/ar.json.

const dir = resolve("renderer/i18n/catalogues");
const { messages, dynamic } = messagesInCode(resolve("renderer"));
const ids = [...messages.keys()].sort((a, b) => a.localeCompare(b, "en"));
const write = (file: string, catalogue: Record<string, string>) =>
  writeFileSync(join(dir, file), `${JSON.stringify(catalogue, null, 2)}\n`);

write("en.json", Object.fromEntries(ids.map((id) => [id, id])));
for (const lang of ["fr", "sw", "hi", "ar"]) {
  const file = `${lang}.json`;
  let old: Record<string, string> = {};
  try {
    old = JSON.parse(readFileSync(join(dir, file), "utf8"));
  } catch {
    // A new catalogue starts empty.
  }
  write(
    file,
    Object.fromEntries(ids.filter((id) => old[id] !== undefined).map((id) => [id, old[id] as string])),
  );
  const missing = ids.filter((id) => old[id] === undefined);
  if (missing.length) console.log(`${file}: ${missing.length} to translate\n  ${missing.join("\n  ")}`);
}
if (dynamic.length)
  console.log(`messages built at run time, which no catalogue can hold:\n  ${dynamic.join("\n  ")}`);
