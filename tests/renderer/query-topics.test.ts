import { describe, expect, it } from "vitest";
import type { ClinicChanged } from "../../api/changes.js";
import { recordsChangedBy } from "../../api/changes.js";
import { contract } from "../../api/contract.js";
import { isTouchedBy, queryTopics } from "../../renderer/api/topics.js";

// A push refreshes only the queries that show what it changed: the named visit's own queries, lists of visits, and
// the queries of the record kinds written. What is not touched keeps its answer.

const events = (...visitIds: string[]): ClinicChanged => ({ positions: [1], visitIds, records: [] });
const records = (...kinds: ClinicChanged["records"]): ClinicChanged => ({
  positions: [],
  visitIds: [],
  records: kinds,
});

describe("which queries a push touches", () => {
  it("touches the named visit's queries and lists of visits, not another visit's", () => {
    const push = events("V1");
    expect(isTouchedBy(["visitJourney", { visitId: "V1" }], push)).toBe(true);
    expect(isTouchedBy(["bills", { visitId: "V2" }], push)).toBe(false);
    expect(isTouchedBy(["queue", { allDoctors: true }], push)).toBe(true);
    expect(isTouchedBy(["testCatalogue", {}], push)).toBe(false);
    expect(isTouchedBy(["staffList", {}], push)).toBe(false);
  });

  it("touches the queries of the record kinds written, and no visit's own queries", () => {
    expect(isTouchedBy(["staffList", {}], records("staff"))).toBe(true);
    expect(isTouchedBy(["searchPatients", { query: "" }], records("patients"))).toBe(true);
    expect(isTouchedBy(["searchPatients", { query: "" }], records("staff"))).toBe(false);
    expect(isTouchedBy(["testCatalogue", {}], records("catalogue"))).toBe(true);
    expect(isTouchedBy(["bills", { visitId: "V1" }], records("patients"))).toBe(false);
    // Names of patients show in the queue, so a patient's change refreshes it.
    expect(isTouchedBy(["queue", {}], records("patients"))).toBe(true);
  });

  it("refreshes a query it knows nothing about on every push, which is never stale", () => {
    expect(isTouchedBy(["someNewList", {}], events("V9"))).toBe(true);
    expect(isTouchedBy(["someNewList", {}], records("settings"))).toBe(true);
  });

  it("names only channels of the contract, and only commands write records", () => {
    for (const name of Object.keys(queryTopics)) expect(contract).toHaveProperty(name);
    for (const [name] of Object.entries(recordsChangedBy))
      expect(contract[name as keyof typeof contract].kind).toBe("command");
    for (const [name] of Object.entries(queryTopics))
      expect(contract[name as keyof typeof contract].kind).toBe("query");
  });
});
