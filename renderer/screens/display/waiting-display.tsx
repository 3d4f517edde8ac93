import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ClinicClient } from "../../api/client.js";
import { clinicQueryOptions } from "../../api/queries.js";
import { useNow } from "../../components/index.js";
import { LiveQueries } from "../../components/live-queries.js";
import {
  applyLanguage,
  deskLanguage,
  directionOf,
  i18n,
  type Language,
  languageOf,
  loadCatalogue,
  msg,
  useT,
} from "../../i18n/index.js";

// The waiting-room screen: large tokens, the room to go to, who is next. It needs no sign-in (it shows tokens and
// doctors, never patients' names) and updates itself whenever any desk records a step. A newly called token flashes
// and the page announces it for anyone using a screen reader.

/**
 * The display's languages: `?languages=sw,en` in its address (or `#display?languages=sw,en`) shows every sign in
 * both, the first one larger; without it, the desk's language alone.
 */
export function displayLanguages(href: string): Language[] {
  const url = new URL(href);
  const asked =
    url.searchParams.get("languages") ?? new URLSearchParams(url.hash.split("?")[1] ?? "").get("languages");
  const picked = (asked ?? "")
    .split(/[,+ ]/)
    .map(languageOf)
    .filter((l): l is Language => l !== null);
  const unique = [...new Set(picked)].slice(0, 2);
  return unique.length ? unique : [deskLanguage()];
}

/** A sign in the display's languages, the second one smaller beneath it. */
function Both({ text, params, shown }: { text: string; params?: Record<string, string>; shown: Language[] }) {
  const [first, second] = shown;
  return (
    <>
      {i18n.getFixedT(first ?? "en")(text, params)}
      {second ? (
        // Its own direction, so an Arabic line under a Swahili one ends with its full stop on the left.
        <span className="hms-second-language" lang={second} dir={directionOf(second)}>
          {i18n.getFixedT(second)(text, params)}
        </span>
      ) : null}
    </>
  );
}

export function WaitingDisplay({ client }: { client: ClinicClient }) {
  return (
    <LiveQueries client={client}>
      <Board client={client} />
    </LiveQueries>
  );
}

function Board({ client }: { client: ClinicClient }) {
  const t = useT();
  const [shown] = useState(() => displayLanguages(location.href));
  // Both languages' words are fetched before the board is drawn: a sign drawn in a language whose catalogue has not
  // arrived would stay in English (the message formatter remembers what it drew).
  const [ready, setReady] = useState(false);
  useEffect(() => {
    applyLanguage(shown[0] ?? "en");
    void Promise.all(shown.map(loadCatalogue)).then(() => setReady(true));
  }, [shown]);
  const display = useQuery(clinicQueryOptions(client, "waitingDisplay", {}));
  const feed = display.data;
  const problem = display.error?.message ?? null;
  const now = useNow(15_000);

  const calling = feed?.calling ?? [];
  const [latest, ...earlier] = calling;
  if (!ready) return null;
  return (
    <main className="hms-display" aria-label={t("Waiting room display")}>
      <header>
        <h1>{feed?.clinicName || <Both text={msg("Welcome")} shown={shown} />}</h1>
        <span className="hms-clock">
          {new Date(now).toLocaleTimeString(shown[0], { hour: "2-digit", minute: "2-digit" })}
        </span>
      </header>
      <div className="hms-display-body">
        <section className="hms-now-calling" aria-labelledby="now-calling">
          <h2 id="now-calling">
            <Both text={msg("Now calling")} shown={shown} />
          </h2>
          <div aria-live="assertive" aria-atomic="true">
            {latest ? (
              <div className="hms-call" key={`${latest.tokenNumber}-${latest.calledAt}`}>
                <span className="hms-call-token" data-testid="now-calling-token">
                  {latest.tokenNumber}
                </span>
                <span className="hms-call-where">
                  {latest.roomNumber ? (
                    <Both text={msg("Room {room}")} params={{ room: latest.roomNumber }} shown={shown} />
                  ) : (
                    <Both text={msg("Please come forward")} shown={shown} />
                  )}
                  <br />
                  <small>{latest.doctorName ?? latest.department ?? ""}</small>
                </span>
              </div>
            ) : (
              <p style={{ fontSize: 32, margin: 0 }}>
                <Both text={msg("Please wait to be called.")} shown={shown} />
              </p>
            )}
          </div>
          {earlier.map((c) => (
            <div className="hms-call hms-older" key={`${c.tokenNumber}-${c.calledAt}`}>
              <span className="hms-call-token">{c.tokenNumber}</span>
              <span className="hms-call-where">
                {c.roomNumber ? (
                  <Both text={msg("Room {room}")} params={{ room: c.roomNumber }} shown={shown} />
                ) : (
                  c.doctorName
                )}
              </span>
            </div>
          ))}
        </section>
        <section className="hms-waiting" aria-labelledby="waiting-next">
          <h2 id="waiting-next">
            <Both text={msg("Next in line")} shown={shown} />
          </h2>
          <ol aria-label={t("Tokens waiting")}>
            {(feed?.waiting ?? []).slice(0, 12).map((w) => (
              <li key={w.tokenNumber ?? Math.random()}>
                <span className="hms-call-token">{w.tokenNumber}</span>
                <span className="hms-waiting-who">{w.doctorName ?? w.department ?? ""}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <footer>
        {problem ?? <Both text={msg("Please have your token ready. Thank you for waiting.")} shown={shown} />}
      </footer>
    </main>
  );
}
