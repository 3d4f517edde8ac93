import { getPatient, recentPatients, registerPatient, searchPatients } from "../../db/patients.js";
import { visitsOfPatient } from "../../db/visits.js";
import type { AreaHandlers } from "../handler.js";
import { done, refused, refusedWith } from "../handler.js";
import type { patientChannels } from "./patients.js";

export const patientHandlers: AreaHandlers<typeof patientChannels> = {
  registerPatient(input, ctx) {
    const { registerAnyway, ...facts } = input;
    const r = registerPatient(ctx.db, facts, ctx.staff.id, {
      registerAnyway,
      now: ctx.now(),
      ...(ctx.command ? { command: ctx.command } : {}),
    });
    return r.ok ? done({ patient: r.value }) : refusedWith(r.error);
  },

  searchPatients(input, ctx) {
    const q = input.query;
    if (q === "") return done({ patients: recentPatients(ctx.db, input.limit) });
    // Names match anywhere, case-insensitively; numbers and phones by their digits.
    return done({ patients: searchPatients(ctx.db, q, input.limit) });
  },

  patient(input, ctx) {
    const patient = getPatient(ctx.db, input.patientId);
    if (!patient) return refused("UNKNOWN_PATIENT", `There is no patient ${input.patientId}.`);
    const visits = visitsOfPatient(ctx.db, patient.id);
    return done({ patient, visits });
  },
};
