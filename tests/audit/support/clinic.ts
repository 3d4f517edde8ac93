import { join } from "node:path";
import { exportAudit } from "../../../audit/export.js";
import type { ExportOptions } from "../../../audit/options.js";
import { logMultipleEvents } from "../../../db/visit-events.js";
import { type Clinic, makeClinic, must } from "../../support/temp-db.js";
import { journey } from "./journeys.js";

/** A clinic file with `visits` complete journeys, one an hour from 2026-03-01 08:00 UTC. */
export function clinicWithVisits(visits: number): Clinic {
  const c = makeClinic();
  const start = Date.parse("2026-03-01T08:00:00Z");
  for (let i = 0; i < visits; i++)
    must(
      logMultipleEvents(
        c.db,
        journey(
          `V-${i}`,
          { patientId: c.patientId, reception: c.reception.id, doctor: c.doctor.id },
          start + i * 3_600_000,
        ),
      ),
    );
  return c;
}

/** Exports into the clinic's folder and returns the file's path; fails the test on a refusal. */
export async function exportTo(
  c: Clinic,
  name: string,
  options: Partial<ExportOptions> & Pick<ExportOptions, "format">,
): Promise<string> {
  const file = join(c.dir, name);
  const r = await exportAudit(c.db, { file, exportedBy: c.admin.id, ...options });
  if (!r.ok) throw new Error(r.error.message);
  return file;
}
