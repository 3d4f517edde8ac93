import type { ClinicChanged, RecordKind } from "../../api/changes.js";
import type { ChannelName } from "../../api/contract.js";

// What each query shows depends on: the events of visits (the one named by its input's visitId, or any visit when
// it has none) and record kinds. A push invalidates exactly the queries whose topics it names; a query not listed
// here is refreshed by every push, which is never wrong, only slower.

export interface Topics {
  visits?: true;
  records?: readonly RecordKind[];
}

const everything: Topics = { visits: true, records: ["staff", "patients", "settings", "catalogue"] };

export const queryTopics: Partial<Record<ChannelName, Topics>> = {
  describe: {},
  setupStatus: { records: ["settings"] },
  session: { records: ["staff", "settings"] },
  staffList: { records: ["staff"] },
  doctors: { records: ["staff"] },
  settings: { records: ["settings"] },
  securityAudit: { records: ["staff"] },
  searchPatients: { records: ["patients"] },
  patient: { records: ["patients"] },
  possibleDuplicates: { records: ["patients"] },
  visit: { visits: true, records: ["patients", "staff"] },
  visitJourney: { visits: true, records: ["staff"] },
  visitsOfDay: { visits: true, records: ["patients", "staff"] },
  queue: { visits: true, records: ["patients", "staff"] },
  visitDocuments: { visits: true, records: ["staff"] },
  bills: { visits: true },
  labWorklist: { visits: true, records: ["patients", "catalogue"] },
  analytics: { visits: true, records: ["staff", "catalogue"] },
  testCatalogue: { records: ["catalogue"] },
  clinicPreferences: { records: ["settings"] },
  waitingDisplay: { visits: true, records: ["patients"] },
  followUpsDue: { visits: true, records: ["patients"] },
  unbilledTests: { visits: true, records: ["catalogue"] },
};

/** Whether a query, keyed [channel, input], shows something this push changed. */
export function isTouchedBy(queryKey: readonly unknown[], change: ClinicChanged): boolean {
  const [channel, input] = queryKey as [ChannelName, { visitId?: unknown } | null | undefined];
  const topics = queryTopics[channel] ?? everything;
  if (topics.records?.some((k) => change.records.includes(k))) return true;
  if (!topics.visits || change.visitIds.length === 0) return false;
  const visitId = input?.visitId;
  return typeof visitId === "string" ? change.visitIds.includes(visitId) : true;
}
