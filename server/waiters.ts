// Long-poll support: a desk with nothing to pull may wait on the server until another desk pushes, so a step taken
// at reception shows on the doctor's screen in well under a second without the desks polling hard. In-process:
// one server process serves a clinic's desks; on PostgreSQL, postgres/notify.ts wakes these from every process.

export interface ClinicWaiters {
  /** Resolves true when the clinic changes, false when the time is up or the server stops. */
  wait(clinicId: string, ms: number): Promise<boolean>;
  changed(clinicId: string): void;
  /** Releases every waiting request (server shutdown). */
  releaseAll(): void;
}

export function createClinicWaiters(): ClinicWaiters {
  const waiting = new Map<string, Set<(changed: boolean) => void>>();
  return {
    wait(clinicId, ms) {
      return new Promise<boolean>((resolve) => {
        let set = waiting.get(clinicId);
        if (!set) {
          set = new Set();
          waiting.set(clinicId, set);
        }
        const done = (changed: boolean) => {
          clearTimeout(timer);
          set?.delete(done);
          resolve(changed);
        };
        const timer = setTimeout(() => done(false), ms);
        set.add(done);
      });
    },
    changed(clinicId) {
      const set = waiting.get(clinicId);
      if (!set) return;
      for (const done of [...set]) done(true);
    },
    releaseAll() {
      for (const set of waiting.values()) for (const done of [...set]) done(false);
    },
  };
}
