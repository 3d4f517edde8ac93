import { getPatient, type Patient, registerPatient } from "../../db/patients.js";
import { statement } from "../../db/statements.js";
import type { AreaHandlers } from "../handler.js";
import { done, refused, refusedWith } from "../handler.js";
import type { patientChannels } from "./patients.js";

const columns = "id, patientNumber, name, sex, dateOfBirth, phone, address, createdAt";

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
    if (q === "") {
      const recent = statement(
        ctx.db.sqlite,
        `SELECT ${columns} FROM patients ORDER BY createdAt DESC LIMIT ?`,
      ).all(input.limit) as Patient[];
      return done({ patients: recent });
    }
    // Names match anywhere, case-insensitively; numbers and phones by their digits.
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = q.replace(/\D/g, "");
    const rows = statement(
      ctx.db.sqlite,
      `SELECT ${columns} FROM patients
       WHERE name LIKE @like ESCAPE '\\' OR patientNumber LIKE @like ESCAPE '\\'
          OR (@digits <> '' AND replace(replace(replace(phone, ' ', ''), '-', ''), '+', '') LIKE '%' || @digits || '%')
       ORDER BY name LIMIT @limit`,
    ).all({ like, digits: digits.length >= 3 ? digits : "", limit: input.limit }) as Patient[];
    return done({ patients: rows });
  },

  patient(input, ctx) {
    const patient = getPatient(ctx.db, input.patientId);
    if (!patient) return refused("UNKNOWN_PATIENT", `There is no patient ${input.patientId}.`);
    const visits = statement(
      ctx.db.sqlite,
      `SELECT id AS visitId, status, tokenNumber, registeredAt, doctorId FROM visits WHERE patientId = ?
       ORDER BY registeredAt DESC`,
    ).all(patient.id) as {
      visitId: string;
      status: string;
      tokenNumber: string | null;
      registeredAt: string | null;
      doctorId: string | null;
    }[];
    return done({ patient, visits });
  },
};
