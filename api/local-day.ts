/** The local calendar day as a half-open range of UTC instants, for comparing with stored ISO times. */
export function localDayRange(
  date: string | undefined,
  now: Date,
): { date: string; from: string; to: string } {
  const [y, m, d] = date
    ? (date.split("-").map(Number) as [number, number, number])
    : [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  const start = new Date(y, m - 1, d);
  const end = new Date(y, m - 1, d + 1);
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return { date: iso, from: start.toISOString(), to: end.toISOString() };
}
