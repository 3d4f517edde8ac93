import { useEffect, useState } from "react";
import { formatMinutes } from "./timeline.js";

// A running clock since a moment ("in the room 12:04"), ticking each second; and "waited 14 min" style text.

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function RunningTimer({ since, label }: { since: string; label: string }) {
  const now = useNow();
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const mm = String(Math.floor(seconds / 60)).padStart(2, "0");
  const ss = String(seconds % 60).padStart(2, "0");
  return (
    <span className="hms-figure" role="timer" aria-label={label}>
      {mm}:{ss}
    </span>
  );
}

export function Waited({ since }: { since: string | null }) {
  const now = useNow(30_000);
  if (!since) return <span className="hms-muted">—</span>;
  return <span>{formatMinutes((now - Date.parse(since)) / 60_000)}</span>;
}
