import { readSetting, writeSetting } from "../db/clinic-settings.js";
import type { ClinicDb } from "../db/open.js";
import type { CatalogueTest } from "./channels/clinic.js";

// The clinic's own lists and rules that the work screens read: the test catalogue (name, price, specimen, reference
// ranges), departments, the locale money and dates are written in, and whether a result must be approved by someone
// other than its reviewer. Kept as JSON in clinic_settings beside the other settings, so every desk shares them:
// a few dozen rows, changed rarely, by the administrator.

export type { CatalogueTest };

export interface ClinicPreferences {
  locale: string | null;
  departments: string[];
  secondPersonApproval: boolean;
}

/** A starting catalogue so a new clinic can work on day one; the administrator edits names, prices and ranges. */
export const starterCatalogue: CatalogueTest[] = [
  {
    code: "FBC",
    name: "Full blood count",
    price: 25,
    specimen: "Blood (EDTA)",
    active: true,
    analytes: [
      {
        analyte: "Haemoglobin",
        unit: "g/dL",
        referenceLow: 12,
        referenceHigh: 16,
        criticalLow: 7,
        criticalHigh: 20,
      },
      { analyte: "White cells", unit: "10^9/L", referenceLow: 4, referenceHigh: 11 },
      { analyte: "Platelets", unit: "10^9/L", referenceLow: 150, referenceHigh: 400 },
    ],
  },
  {
    code: "MAL",
    name: "Malaria rapid test",
    price: 10,
    specimen: "Blood (finger prick)",
    active: true,
    analytes: [
      { analyte: "Plasmodium antigen", referenceRange: "Negative", allowedValues: ["Negative", "Positive"] },
    ],
  },
  {
    code: "GLU",
    name: "Fasting blood glucose",
    price: 8,
    specimen: "Blood (fluoride)",
    active: true,
    analytes: [
      {
        analyte: "Glucose",
        unit: "mmol/L",
        referenceLow: 3.9,
        referenceHigh: 5.5,
        criticalLow: 2.5,
        criticalHigh: 25,
      },
    ],
  },
  {
    code: "LIPID",
    name: "Lipid profile",
    price: 30,
    specimen: "Blood (serum)",
    active: true,
    analytes: [
      { analyte: "Total cholesterol", unit: "mmol/L", referenceHigh: 5.2 },
      { analyte: "HDL cholesterol", unit: "mmol/L", referenceLow: 1 },
      { analyte: "LDL cholesterol", unit: "mmol/L", referenceHigh: 3.4 },
      { analyte: "Triglycerides", unit: "mmol/L", referenceHigh: 1.7 },
    ],
  },
  {
    code: "URINE",
    name: "Urinalysis",
    price: 12,
    specimen: "Urine",
    active: true,
    analytes: [
      {
        analyte: "Protein",
        referenceRange: "Negative",
        allowedValues: ["Negative", "Trace", "+", "++", "+++"],
      },
      {
        analyte: "Glucose",
        referenceRange: "Negative",
        allowedValues: ["Negative", "Trace", "+", "++", "+++"],
      },
    ],
  },
];

const json = <T>(db: ClinicDb, key: string, fallback: T): T => {
  const raw = readSetting(db.sqlite, key);
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
};

export const readCatalogue = (db: ClinicDb): CatalogueTest[] => json(db, "testCatalogue", starterCatalogue);

export function saveCatalogueTest(db: ClinicDb, test: CatalogueTest): CatalogueTest[] {
  const all = readCatalogue(db).filter((t) => t.code !== test.code);
  const next = [...all, test].sort((a, b) => a.name.localeCompare(b.name));
  writeSetting(db.sqlite, "testCatalogue", JSON.stringify(next));
  return next;
}

export function readPreferences(db: ClinicDb): ClinicPreferences {
  return {
    locale: readSetting(db.sqlite, "locale") ?? null,
    departments: json<string[]>(db, "departments", ["General outpatients"]),
    secondPersonApproval: readSetting(db.sqlite, "secondPersonApproval") === "true",
  };
}

export function writePreferences(db: ClinicDb, change: Partial<ClinicPreferences>): ClinicPreferences {
  db.sqlite.transaction(() => {
    if (change.locale !== undefined) writeSetting(db.sqlite, "locale", change.locale);
    if (change.departments !== undefined)
      writeSetting(db.sqlite, "departments", JSON.stringify(change.departments));
    if (change.secondPersonApproval !== undefined)
      writeSetting(db.sqlite, "secondPersonApproval", String(change.secondPersonApproval));
  })();
  return readPreferences(db);
}
