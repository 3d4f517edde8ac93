import { describe, expect, it } from "vitest";
import { singleDeskEventTypes } from "../../domain/catalog.js";
import type { VisitEvent } from "../../domain/event.js";
import { foldVisit } from "../../domain/fold.js";
import { checkNewEvent } from "../../domain/validate-event.js";
import { type DayPlan, planClinic } from "../../seed/plan.js";

// The journey generator is pure: these tests check its plan against the domain's own rules, without a database.

const options = {
  randomSeed: "plan-test",
  days: 3,
  visitsPerDay: 25,
  until: new Date("2026-03-04T23:00:00Z"),
};
const daysOf = (o = options): DayPlan[] => [...planClinic(o).days()];

describe("the demo clinic plan", () => {
  const days = daysOf();
  const events = days.flatMap((d) => d.events);

  it("is the same plan for the same seed, and a different one for another seed", () => {
    expect(daysOf()).toEqual(days);
    const other = daysOf({ ...options, randomSeed: "another" }).flatMap((d) => d.events);
    expect(other.map((e) => e.id)).not.toEqual(events.map((e) => e.id));
  });

  it("registers the requested number of visits on each day, all in the past", () => {
    expect(days.map((d) => d.date)).toEqual(["2026-03-02", "2026-03-03", "2026-03-04"]);
    for (const d of days) {
      const registered = d.events.filter((e) => e.eventType === "VISIT_REGISTERED");
      expect(registered).toHaveLength(25);
      expect(registered.every((e) => e.performedAt.startsWith(d.date))).toBe(true);
    }
    expect(events.every((e) => e.performedAt <= options.until.toISOString())).toBe(true);
  });

  // A conflict's resolution needs two desks' histories meeting through sync, which one desk's seed never has.
  it("contains every one of the 34 event types a single desk records", () => {
    expect(singleDeskEventTypes).toHaveLength(34);
    expect(singleDeskEventTypes.filter((t) => !events.some((e) => e.eventType === t))).toEqual([]);
  });

  it("keeps to clinic hours: registrations between 07:30 and 16:00, calls from 08:00", () => {
    const hour = (e: { performedAt: string }) =>
      Number(e.performedAt.slice(11, 13)) + Number(e.performedAt.slice(14, 16)) / 60;
    const registered = events.filter((x) => x.eventType === "VISIT_REGISTERED").map(hour);
    expect(Math.min(...registered)).toBeGreaterThanOrEqual(7.5);
    expect(Math.max(...registered)).toBeLessThanOrEqual(16);
    const called = events.filter((x) => x.eventType === "QUEUE_CALLED").map(hour);
    expect(Math.min(...called)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...called)).toBeLessThanOrEqual(19);
  });

  it("writes only events the store would accept: valid metadata, and a legal workflow for every visit", () => {
    const byVisit = new Map<string, VisitEvent[]>();
    for (const e of events) {
      const checked = checkNewEvent(e, new Date(e.performedAt));
      if ("code" in checked) throw new Error(`${e.eventType}: ${checked.message}`);
      byVisit.set(e.visitId, [...(byVisit.get(e.visitId) ?? []), { ...checked, id: e.id }]);
    }
    for (const [visitId, visitEvents] of byVisit) {
      const { conflicts } = foldVisit(visitId, visitEvents);
      expect(conflicts.map((c) => `${c.event.eventType}: ${c.refusal.message}`)).toEqual([]);
    }
  });

  it("gives tokens like A-001 per doctor per day, and a re-queued patient keeps the token", () => {
    const joins = events.filter((e) => e.eventType === "QUEUE_JOINED");
    const tokens = joins.map((e) => (e.metadata as { tokenNumber: string }).tokenNumber);
    expect(tokens.every((t) => /^[A-H]-\d{3}$/.test(t))).toBe(true);
    for (const d of days) {
      const firstJoins = new Map<string, string>();
      for (const e of d.events.filter((x) => x.eventType === "QUEUE_JOINED"))
        if (!firstJoins.has(e.visitId))
          firstJoins.set(e.visitId, (e.metadata as { tokenNumber: string }).tokenNumber);
      const perDay = [...firstJoins.values()];
      expect(new Set(perDay).size).toBe(perDay.length);
      expect(perDay).toContain("A-001");
    }
    const rejoined = events.filter(
      (e, i) =>
        e.eventType === "QUEUE_JOINED" &&
        events.slice(0, i).some((x) => x.visitId === e.visitId && x.eventType === "QUEUE_JOINED"),
    );
    expect(rejoined.length).toBeGreaterThan(0);
    for (const e of rejoined) {
      const first = events.find((x) => x.visitId === e.visitId && x.eventType === "QUEUE_JOINED");
      expect((e.metadata as { tokenNumber: string }).tokenNumber).toBe(
        (first?.metadata as { tokenNumber?: string } | undefined)?.tokenNumber,
      );
    }
  });

  it("leaves the last day under way when `until` falls inside it", () => {
    const midday = daysOf({ ...options, until: new Date("2026-03-04T11:00:00Z") });
    const today = midday.at(-1) as DayPlan;
    const registeredToday = today.events.filter((e) => e.eventType === "VISIT_REGISTERED").length;
    expect(registeredToday).toBeGreaterThan(0);
    expect(registeredToday).toBeLessThan(25);
    expect(midday.flatMap((d) => d.events).every((e) => e.performedAt <= "2026-03-04T11:00:00.000Z")).toBe(
      true,
    );
  });
});
