import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import i18next from "i18next";
import ICU from "i18next-icu";
import { describe, expect, it } from "vitest";
import { messagesInCode } from "../../renderer/i18n/tools/messages-in-code.js";

// Every message the screens show must be in every catalogue, and no catalogue may hold a message the others lack;
// each translation must parse as ICU and keep the message's {parameters}, or a screen would show "{name}" or fail.

const languages = ["en", "fr", "sw", "hi", "ar"] as const;
const catalogue = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(resolve(`renderer/i18n/catalogues/${lang}.json`), "utf8"));
const { messages, dynamic } = messagesInCode(resolve("renderer"));
const parameters = (text: string) =>
  new Set([...text.matchAll(/\{\s*(\w+)\s*(?:[,}])/g)].map((m) => m[1] as string));

describe("the catalogues", () => {
  it("finds the screens' messages in the code, and none built at run time", () => {
    expect(messages.size).toBeGreaterThan(400);
    expect(messages.has("Register patient")).toBe(true);
    expect(dynamic).toEqual([]);
  });

  for (const lang of languages)
    it(`${lang} has every message the code uses and nothing else`, () => {
      const c = catalogue(lang);
      const missing = [...messages.keys()]
        .filter((id) => !(id in c))
        .map((id) => `${id} (${messages.get(id)})`);
      const extra = Object.keys(c).filter((id) => !messages.has(id));
      expect(missing, `missing from ${lang}.json`).toEqual([]);
      expect(extra, `in ${lang}.json but used nowhere`).toEqual([]);
    });

  for (const lang of languages)
    it(`${lang} keeps each message's parameters and renders as ICU`, async () => {
      const c = catalogue(lang);
      const i18n = i18next.createInstance();
      await i18n.use(ICU).init({
        lng: lang,
        resources: { [lang]: { translation: c } },
        keySeparator: false,
        nsSeparator: false,
        initAsync: false,
      });
      for (const [id, text] of Object.entries(c)) {
        expect(text.trim(), `${lang}: "${id}" is empty`).not.toBe("");
        expect(parameters(text), `${lang}: parameters of "${id}"`).toEqual(parameters(id));
        const values = Object.fromEntries([...parameters(id)].map((p) => [p, p === "n" ? 2 : `«${p}»`]));
        const shown = i18n.t(id, values);
        for (const p of parameters(id)) if (p !== "n") expect(shown, `${lang}: "${id}"`).toContain(`«${p}»`);
        expect(shown, `${lang}: "${id}" left a brace`).not.toMatch(/[{}]/);
      }
    });
});
