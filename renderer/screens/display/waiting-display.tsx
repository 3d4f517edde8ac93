import { useQuery } from "@tanstack/react-query";
import type { ClinicClient } from "../../api/client.js";
import { clinicQueryOptions } from "../../api/queries.js";
import { useNow } from "../../components/index.js";
import { LiveQueries } from "../../components/live-queries.js";

// The waiting-room screen: large tokens, the room to go to, who is next. It needs no sign-in (it shows tokens and
// doctors, never patients' names) and updates itself whenever any desk records a step. A newly called token flashes
// and the page announces it for anyone using a screen reader.

export function WaitingDisplay({ client }: { client: ClinicClient }) {
  return (
    <LiveQueries client={client}>
      <Board client={client} />
    </LiveQueries>
  );
}

function Board({ client }: { client: ClinicClient }) {
  const display = useQuery(clinicQueryOptions(client, "waitingDisplay", {}));
  const feed = display.data;
  const problem = display.error?.message ?? null;
  const now = useNow(15_000);

  const calling = feed?.calling ?? [];
  const [latest, ...earlier] = calling;
  return (
    <main className="hms-display" aria-label="Waiting room display">
      <header>
        <h1>{feed?.clinicName || "Welcome"}</h1>
        <span className="hms-clock">
          {new Date(now).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}
        </span>
      </header>
      <div className="hms-display-body">
        <section className="hms-now-calling" aria-labelledby="now-calling">
          <h2 id="now-calling">Now calling</h2>
          <div aria-live="assertive" aria-atomic="true">
            {latest ? (
              <div className="hms-call" key={`${latest.tokenNumber}-${latest.calledAt}`}>
                <span className="hms-call-token" data-testid="now-calling-token">
                  {latest.tokenNumber}
                </span>
                <span className="hms-call-where">
                  {latest.roomNumber ? `Room ${latest.roomNumber}` : "Please come forward"}
                  <br />
                  <small>{latest.doctorName ?? latest.department ?? ""}</small>
                </span>
              </div>
            ) : (
              <p style={{ fontSize: 32, margin: 0 }}>Please wait to be called.</p>
            )}
          </div>
          {earlier.map((c) => (
            <div className="hms-call hms-older" key={`${c.tokenNumber}-${c.calledAt}`}>
              <span className="hms-call-token">{c.tokenNumber}</span>
              <span className="hms-call-where">{c.roomNumber ? `Room ${c.roomNumber}` : c.doctorName}</span>
            </div>
          ))}
        </section>
        <section className="hms-waiting" aria-labelledby="waiting-next">
          <h2 id="waiting-next">Next in line</h2>
          <ol aria-label="Tokens waiting">
            {(feed?.waiting ?? []).slice(0, 12).map((w) => (
              <li key={w.tokenNumber ?? Math.random()}>
                <span className="hms-call-token">{w.tokenNumber}</span>
                <span className="hms-waiting-who">{w.doctorName ?? w.department ?? ""}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <footer>{problem ?? "Please have your token ready. Thank you for waiting."}</footer>
    </main>
  );
}
