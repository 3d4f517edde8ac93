import { departments, firstNames, lastNames } from "./clinic-lists.js";
import type { Random } from "./random.js";

// The demo clinic's staff and patients. Ids come from the seed's id stream, so the same seed gives the same people.

export type StaffRole = "reception" | "doctor" | "lab" | "admin";

export interface StaffSeed {
  id: string;
  name: string;
  role: StaffRole;
}

export interface DoctorSeed extends StaffSeed {
  /** Token prefix: A-001, B-001 ... one queue per doctor. */
  letter: string;
  department: string;
  room: string;
  fee: number;
}

export interface Roster {
  reception: StaffSeed[];
  doctors: DoctorSeed[];
  /** Technicians collect and run samples; the lab head approves and amends. */
  labTechs: StaffSeed[];
  labHead: StaffSeed;
  admin: StaffSeed;
  all: StaffSeed[];
}

export interface PatientSeed {
  id: string;
  name: string;
  sex: "female" | "male";
  dateOfBirth: string;
  phone: string;
  address: string;
}

const places = [
  "Kibera, Nairobi",
  "Westlands, Nairobi",
  "Kisumu Road, Kisumu",
  "Yaba, Lagos",
  "Osu, Accra",
  "Nyali, Mombasa",
  "Kawangware, Nairobi",
  "Kasoa, Central Region",
  "Eastleigh, Nairobi",
  "Ikeja, Lagos",
];

const personName = (rng: Random, sex: "female" | "male") =>
  `${rng.pick(firstNames[sex])} ${rng.pick(lastNames)}`;

/** Enough doctors that each sees about 22 patients a day, at most one per consultation room. */
export function doctorsFor(visitsPerDay: number): number {
  return Math.min(departments.length, Math.max(1, Math.ceil(visitsPerDay / 22)));
}

export function makeRoster(rng: Random, ids: Random, visitsPerDay: number, atMs: number): Roster {
  const person = (role: StaffRole, title = ""): StaffSeed => {
    const sex = rng.chance(0.5) ? "female" : "male";
    return { id: `staff_${ids.ulid(atMs)}`, name: `${title}${personName(rng, sex)}`, role };
  };
  const reception = Array.from({ length: 2 + Math.floor(visitsPerDay / 60) }, () => person("reception"));
  const doctors: DoctorSeed[] = Array.from({ length: doctorsFor(visitsPerDay) }, (_, i) => {
    const dept = departments[i] as (typeof departments)[number];
    return {
      ...person("doctor", "Dr "),
      letter: String.fromCharCode(65 + i),
      department: dept.name,
      room: dept.room,
      fee: dept.fee,
    };
  });
  const labTechs = [person("lab"), person("lab")];
  const labHead = person("lab", "Dr ");
  const admin = person("admin");
  return {
    reception,
    doctors,
    labTechs,
    labHead,
    admin,
    all: [admin, ...reception, ...doctors, ...labTechs, labHead].map(({ id, name, role }) => ({
      id,
      name,
      role,
    })),
  };
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

export function makePatient(rng: Random, ids: Random, atMs: number): PatientSeed {
  const sex = rng.chance(0.55) ? "female" : "male";
  const age = rng.weighted<[number, number]>([
    [[0, 14], 20],
    [[15, 64], 65],
    [[65, 90], 15],
  ]);
  const born = atMs - rng.int(age[0], age[1]) * YEAR_MS - rng.int(1, 360) * DAY_MS;
  const phone = `+254 7${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`;
  return {
    id: `pat_${ids.ulid(atMs)}`,
    name: personName(rng, sex),
    sex,
    dateOfBirth: new Date(born).toISOString().slice(0, 10),
    phone,
    address: rng.pick(places),
  };
}
