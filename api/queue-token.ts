import type { ClinicDb } from "../db/open.js";
import { doctorsInOrder } from "../db/staff.js";
import { tokensOfDay } from "../db/visits.js";
import { localDayRange } from "./local-day.js";

// Queue tokens like "A-014": a letter per doctor (in the order doctors were added, so a doctor keeps their letter)
// and the day's running number in that doctor's queue. Visits with no doctor yet queue under "G" (general).
// Two desks registering offline may hand out the same number; the token is for calling out, the visit id is the key.

/** Letters easy to call out and read: no G (the general queue), no I, O or Q (they look like 1, 0 and O). */
const ALPHABET = "ABCDEFHJKLMNPRSTUVWXYZ";

export function queueLetter(index: number): string {
  let n = index;
  let s = "";
  do {
    s = (ALPHABET[n % ALPHABET.length] as string) + s;
    n = Math.floor(n / ALPHABET.length) - 1;
  } while (n >= 0);
  return s;
}

export function doctorLetters(db: ClinicDb): Map<string, string> {
  return new Map(doctorsInOrder(db).map((id, i) => [id, queueLetter(i)]));
}

export function nextToken(db: ClinicDb, doctorId: string | undefined, now: Date): string {
  const letter = (doctorId && doctorLetters(db).get(doctorId)) || "G";
  const day = localDayRange(undefined, now);
  const tokens = tokensOfDay(db, day, letter);
  const highest = tokens.reduce((max, t) => Math.max(max, Number(t.slice(letter.length + 1)) || 0), 0);
  return `${letter}-${String(highest + 1).padStart(3, "0")}`;
}
