// How a document states when a patient was born. A date the desk estimated from an age ("about 28") is not a birth
// date, so it is printed as the age it stands for, never as an exact day.

/** Whole years from `dateOfBirth` (YYYY-MM-DD) to the day of `on` (an ISO time), counting a birthday on its day. */
export function yearsBetween(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.slice(0, 10).split("-").map(Number) as [number, number, number];
  const [ny, nm, nd] = on.slice(0, 10).split("-").map(Number) as [number, number, number];
  return ny - by - (nm < bm || (nm === bm && nd < bd) ? 1 : 0);
}

const years = (n: number) => (n === 1 ? "1 year" : `${n} years`);

export function birthText(dateOfBirth: string | null, estimated: boolean, on: string): string {
  if (!dateOfBirth) return "—";
  const age = Math.max(0, yearsBetween(dateOfBirth, on));
  if (estimated) return age === 0 ? "under 1 year (estimated)" : `about ${years(age)}`;
  return `${dateOfBirth.slice(0, 10)} (${years(age)})`;
}
