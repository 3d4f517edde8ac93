// A visit's maps (tests, bills, documents, follow-ups) are keyed by ids that come from input. A plain lookup would
// find Object.prototype's members for ids such as "toString" or "constructor", and an assignment to "__proto__"
// would replace the map's prototype instead of adding an entry; these read and write own entries only.

export const own = <T>(map: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(map, key) ? map[key] : undefined;

export const hasOwn = (map: Readonly<Record<string, unknown>>, key: string): boolean =>
  Object.hasOwn(map, key);
