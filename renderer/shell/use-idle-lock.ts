import { useEffect, useRef } from "react";

// Locks the screen after the clinic's idle time with no key press, click or touch. The router keeps its own idle
// clock too (a session unused for that long is locked whatever the page does); the page reports activity at most
// once a minute so that someone typing a long note is not locked out by the router while the page sees them busy.

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart"] as const;

export function useIdleLock(opts: {
  enabled: boolean;
  lockAfterMinutes: number;
  onIdle(): void;
  onActiveAgain(): void;
}): void {
  const last = useRef(Date.now());
  const reported = useRef(Date.now());
  const o = useRef(opts);
  o.current = opts;

  useEffect(() => {
    if (!opts.enabled) return;
    last.current = Date.now();
    const mark = () => {
      last.current = Date.now();
      if (Date.now() - reported.current > 60_000) {
        reported.current = Date.now();
        o.current.onActiveAgain();
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= o.current.lockAfterMinutes * 60_000) o.current.onIdle();
    }, 5_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark);
      window.clearInterval(timer);
    };
  }, [opts.enabled]);
}
