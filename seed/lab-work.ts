import { type LabTest, labTests, sampleRejectionReasons } from "./clinic-lists.js";
import type { Random } from "./random.js";
import { labHours, MINUTE, minutes, type VisitDraft } from "./visit-draft.js";

// One ordered test's way through the lab: collect (and, now and then, reject and collect again), run, complete,
// review, approve and report. Reports are delivered and amended by the caller, which knows whether the patient
// waits for them.

export interface OrderedTest {
  testOrderId: string;
  test: LabTest;
  reject: boolean;
}

export interface LabPeople {
  techs: readonly string[];
  head: string;
  doctor: string;
}

export interface LabOutcome {
  testOrderId: string;
  approvedAt: number;
  reportedAt: number;
}

function resultOf(rng: Random, test: LabTest, shift = 0) {
  if (test.unit === "") {
    const positive = rng.chance(0.2);
    return {
      analyte: test.analyte,
      value: positive ? "Positive" : "Negative",
      flag: positive ? ("abnormal" as const) : ("normal" as const),
    };
  }
  const span = test.high - test.low || 1;
  const value = Math.round((test.low + span * (rng.next() * 1.4 - 0.2) + shift) * 10) / 10;
  const flag = value < test.low ? "low" : value > test.high ? "high" : "normal";
  return {
    analyte: test.analyte,
    value: Math.max(0, value),
    unit: test.unit,
    referenceLow: test.low,
    referenceHigh: test.high,
    flag: flag as "low" | "high" | "normal",
  };
}

export function runLabTest(
  rng: Random,
  v: VisitDraft,
  order: OrderedTest,
  paidAt: number,
  people: LabPeople,
): LabOutcome {
  const ref = { testOrderId: order.testOrderId };
  const tech = rng.pick(people.techs);
  let collected = labHours(rng, paidAt + minutes(rng, 5, 25));
  const sampleId = () => `S-${rng.int(100000, 999999)}`;
  v.add(collected, "TEST_SAMPLE_COLLECTED", tech, {
    ...ref,
    sampleId: sampleId(),
    specimen: order.test.specimen,
  });
  if (order.reject) {
    const rejected = collected + minutes(rng, 10, 30);
    v.add(rejected, "TEST_SAMPLE_REJECTED", tech, { ...ref, reason: rng.pick(sampleRejectionReasons) });
    collected = labHours(rng, rejected + minutes(rng, 5, 20));
    v.add(collected, "TEST_SAMPLE_COLLECTED", tech, {
      ...ref,
      sampleId: sampleId(),
      specimen: order.test.specimen,
    });
  }
  const started = labHours(rng, collected + minutes(rng, 5, 40));
  v.add(started, "TEST_IN_PROGRESS", tech, ref);
  const [fast, slow] = order.test.turnaround;
  const completed = labHours(rng, started + minutes(rng, fast, slow));
  v.add(completed, "TEST_COMPLETED", tech, { ...ref, results: [resultOf(rng, order.test)] });
  const reviewed = labHours(rng, completed + minutes(rng, 10, 60));
  v.add(reviewed, "TEST_REVIEWED", people.doctor, ref);
  const approvedAt = reviewed + minutes(rng, 5, 30);
  v.add(approvedAt, "TEST_APPROVED", people.head, ref);
  const reportedAt = approvedAt + minutes(rng, 1, 10);
  v.add(reportedAt, "REPORT_GENERATED", tech, {
    ...ref,
    reportUrl: `/documents/report_${order.testOrderId}.pdf`,
    fileSize: rng.int(40, 600) * 1024,
  });
  return { testOrderId: order.testOrderId, approvedAt, reportedAt };
}

/** A correction after the report went out: the lab head amends the result, the report is issued and given again. */
export function amendReport(
  rng: Random,
  v: VisitDraft,
  order: OrderedTest,
  deliveredAt: number,
  people: LabPeople,
  reason: string,
): number {
  const ref = { testOrderId: order.testOrderId };
  const amended = labHours(rng, deliveredAt + minutes(rng, 30, 240));
  v.add(amended, "REPORT_AMENDED", people.head, { ...ref, reason, results: [resultOf(rng, order.test)] });
  const reissued = amended + minutes(rng, 2, 15);
  v.add(reissued, "REPORT_GENERATED", rng.pick(people.techs), {
    ...ref,
    reportUrl: `/documents/report_${order.testOrderId}_amended.pdf`,
    fileSize: rng.int(40, 600) * 1024,
  });
  return reissued + 2 * MINUTE;
}

export const pickTests = (rng: Random, count: number): LabTest[] => rng.some(labTests, count);
