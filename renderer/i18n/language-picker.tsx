import { useEffect, useId, useRef, useState } from "react";
import type { ClinicClient } from "../api/client.js";
import { applyLanguage, deskLanguage, useT } from "./index.js";
import { type Language, languageOf, languages } from "./languages.js";

// Which language the signed-in person's screens speak: their own choice (saved with the clinic, so it follows
// them to any desk), else the clinic's (the language of its locale setting), else this desk's last one.

export function useScreenLanguage(client: ClinicClient) {
  const [chosen, setChosen] = useState<Language | null>(null);
  const [clinicLocale, setClinicLocale] = useState<string | null>(null);
  // A choice made while the saved one is still on its way wins over it.
  const choseHere = useRef(false);
  useEffect(() => {
    let live = true;
    void Promise.all([client.call("session", {}), client.call("clinicPreferences", {})]).then(([s, p]) => {
      if (!live) return;
      const locale = p.ok ? p.value.locale : null;
      setClinicLocale(locale);
      if (choseHere.current) return;
      const mine = s.ok ? s.value.language : null;
      setChosen(mine);
      applyLanguage(mine ?? languageOf(locale) ?? deskLanguage(), locale);
    });
    return () => {
      live = false;
    };
  }, [client]);

  const choose = async (language: Language | null) => {
    choseHere.current = true;
    const r = await client.call("setMyLanguage", { language });
    if (!r.ok) return;
    setChosen(r.value.language);
    applyLanguage(r.value.language ?? languageOf(clinicLocale) ?? deskLanguage(), clinicLocale);
  };
  return { chosen, choose };
}

export function LanguagePicker({
  chosen,
  onChoose,
}: {
  chosen: Language | null;
  onChoose(language: Language | null): void;
}) {
  const t = useT();
  const id = useId();
  return (
    <span className="shell-language">
      <label htmlFor={id}>{t("Language")}</label>
      <select
        id={id}
        className="hms-input"
        value={chosen ?? ""}
        onChange={(e) => onChoose(languageOf(e.target.value))}
      >
        <option value="">{t("The clinic's language")}</option>
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </span>
  );
}
