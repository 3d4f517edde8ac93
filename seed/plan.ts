import {
  amendmentReasons,
  diagnoses,
  followUpReasons,
  type LabTest,
  labTests,
  medicines,
  referralTargets,
  skipReasons,
  visitReasons,
} from "./clinic-lists.js";
import { amendReport, type LabPeople, type OrderedTest, pickTests, runLabTest } from "./lab-work.js";
import { type DoctorSeed, makePatient, makeRoster, type PatientSeed, type Roster } from "./people.js";
import { createRandom, type Random } from "./random.js";
import {
  DAY,
  isoDate,
  MINUTE,
  minutes,
  newVisitDraft,
  type PlannedEvent,
  type VisitDraft,
} from "./visit-draft.js";

// The demo clinic, day by day: patients arrive through the morning, reception registers them, each doctor works a
// queue, the lab works its samples, and the odd thing goes wrong the way it does in a real clinic (a patient not
// there when called, a haemolysed sample, a typo corrected, a report amended). Pure: the same options always give
// the same plan. The first visits of the first day are set up so that every event type occurs.

export interface SeedOptions {
  randomSeed: string;
  days: number;
  visitsPerDay: number;
  /** Nothing after this instant has happened yet; the last seeded day is the one it falls on (UTC). */
  until: Date;
}

export interface DayPlan {
  index: number;
  date: string;
  /** Patients seen for the first time this day; they must be registered before the day's events. */
  newPatients: PatientSeed[];
  /** Visits registered this day. */
  visits: number;
  /** Every recorded event of those visits, up to `until` (lab work and reminders may fall on later days). */
  events: PlannedEvent[];
}

export interface ClinicPlan {
  roster: Roster;
  firstDay: string;
  days(): Generator<DayPlan>;
}

interface Flags {
  assignAtDesk: boolean;
  payment: "full" | "partial" | "later";
  settlePartial: boolean;
  discount: boolean;
  urgent: boolean;
  rescheduleAtDesk: boolean;
  cancelAtDesk: boolean;
  leaves: boolean;
  away: boolean;
  requeue: boolean;
  vitals: boolean;
  vitalsVoid: boolean;
  document: boolean;
  tests: number;
  /** Only a quick test, so the whole lab story (rejection, amendment) fits in the first two days. */
  quickTest: boolean;
  reject: boolean;
  amend: boolean;
  returnForResults: boolean;
  prescription: boolean;
  prescriptionVoid: boolean;
  referral: boolean;
  followUp: boolean;
  followUpDays: number;
  testRefund: boolean;
  testsPayment: "full" | "partial";
}

interface Arrival {
  patient: PatientSeed;
  doctor?: DoctorSeed;
  reason: string;
}

interface Visit {
  v: VisitDraft;
  f: Flags;
  patient: PatientSeed;
  doctor: DoctorSeed;
  reception: string;
  token: string;
  consultBill: string;
  due: number;
  paid: number;
  method: string;
  joinedAt: number;
  leaveAt: number | null;
  skipped: boolean;
  /** Times the closing VISIT_COMPLETED must follow (payments, approvals, documents). */
  deps: number[];
  tests: OrderedTest[];
  /** Lab outcomes, once the consultation ordered tests. */
  reports: { order: OrderedTest; reportedAt: number; approvedAt: number }[];
}

interface QueueEntry {
  visit: Visit;
  readyAt: number;
  kind: "first" | "results";
}

const HOUR = 60 * MINUTE;
const paymentMethods: [string, number][] = [
  ["CASH", 50],
  ["MOBILE_MONEY", 35],
  ["CARD", 10],
  ["INSURANCE", 5],
];

/** The forced scenarios that guarantee every event type, for the first arrivals of the first day. */
function forcedFlags(i: number): Partial<Flags> | null {
  switch (i) {
    case 0:
      return {
        assignAtDesk: true,
        payment: "partial",
        settlePartial: true,
        discount: true,
        away: true,
        requeue: true,
        vitals: true,
        vitalsVoid: true,
        document: true,
        tests: 1,
        quickTest: true,
        reject: true,
        amend: true,
        returnForResults: false,
        prescription: true,
        prescriptionVoid: true,
        referral: true,
        followUp: true,
        followUpDays: 1,
        testRefund: true,
        testsPayment: "full",
        rescheduleAtDesk: false,
        cancelAtDesk: false,
        leaves: false,
      };
    case 1:
      return { cancelAtDesk: true, rescheduleAtDesk: false, payment: "full" };
    case 2:
      return { rescheduleAtDesk: true, cancelAtDesk: false };
    default:
      return null;
  }
}

function drawFlags(rng: Random): Flags {
  // Every draw happens whatever the outcome, so one flag never shifts the random stream of the others.
  const f: Flags = {
    assignAtDesk: rng.chance(0.7),
    payment: rng.weighted<Flags["payment"]>([
      ["full", 80],
      ["partial", 12],
      ["later", 8],
    ]),
    settlePartial: rng.chance(0.7),
    discount: rng.chance(0.1),
    urgent: rng.chance(0.05),
    rescheduleAtDesk: rng.chance(0.015),
    cancelAtDesk: rng.chance(0.015),
    leaves: rng.chance(0.04),
    away: rng.chance(0.07),
    requeue: rng.chance(0.6),
    vitals: rng.chance(0.85),
    vitalsVoid: rng.chance(0.02),
    document: rng.chance(0.08),
    tests: rng.chance(0.35)
      ? rng.weighted([
          [1, 60],
          [2, 30],
          [3, 10],
        ])
      : 0,
    quickTest: false,
    reject: rng.chance(0.06),
    amend: rng.chance(0.03),
    returnForResults: rng.chance(0.5),
    prescription: rng.chance(0.75),
    prescriptionVoid: rng.chance(0.015),
    referral: rng.chance(0.06),
    followUp: rng.chance(0.2),
    followUpDays: rng.pick([7, 14, 28]),
    testRefund: rng.chance(0.03),
    testsPayment: rng.chance(0.85) ? "full" : "partial",
  };
  if (f.cancelAtDesk) f.rescheduleAtDesk = false;
  if (f.away) f.leaves = false;
  if (f.amend) f.returnForResults = false;
  return f;
}

function vitalsFor(rng: Random, patient: PatientSeed, atMs: number, weightInPounds = false) {
  const age = (atMs - Date.parse(patient.dateOfBirth)) / (365.25 * DAY);
  const weightKg = age < 15 ? 4 + age * 2.8 + rng.int(-2, 4) : rng.int(48, 105);
  const vitals: Record<string, number> = {
    temperatureC: rng.int(360, 392) / 10,
    pulse: rng.int(62, 118),
    spo2: rng.int(93, 100),
    weightKg: weightInPounds ? Math.round(weightKg * 2.2046) : Math.round(weightKg * 10) / 10,
  };
  if (age >= 15) {
    vitals.systolic = rng.int(102, 172);
    vitals.diastolic = rng.int(62, 104);
  }
  return vitals;
}

export function planClinic(options: SeedOptions): ClinicPlan {
  const { randomSeed, days, visitsPerDay } = options;
  const untilMs = options.until.getTime();
  if (!Number.isFinite(untilMs)) throw new Error("until must be a valid date");
  const lastDayStart = untilMs - (untilMs % DAY);
  const firstDayStart = lastDayStart - (days - 1) * DAY;
  const rng = createRandom(randomSeed);
  // Ids have their own stream: a change in how an id is made never changes what happens in the clinic.
  const ids = createRandom(`${randomSeed}:ids`);
  const roster = makeRoster(rng, ids, visitsPerDay, firstDayStart);
  const lab = (doctor: string): LabPeople => ({
    techs: roster.labTechs.map((s) => s.id),
    head: roster.labHead.id,
    doctor,
  });

  const lastVisitDay = new Map<string, number>();
  const pool: PatientSeed[] = [];
  const expected = new Map<number, Arrival[]>();
  const expect = (day: number, a: Arrival) => {
    if (day < days) expected.set(day, [...(expected.get(day) ?? []), a]);
  };

  function planDay(d: number): DayPlan {
    const dayStart = firstDayStart + d * DAY;
    const newPatients: PatientSeed[] = [];
    const arrivals: Arrival[] = (expected.get(d) ?? []).slice(0, visitsPerDay);
    expected.delete(d);
    while (arrivals.length < visitsPerDay) {
      const returning = pool.length > 0 && rng.chance(0.3) ? rng.pick(pool) : null;
      if (returning && (lastVisitDay.get(returning.id) ?? -1) < d) {
        arrivals.push({ patient: returning, reason: rng.pick(visitReasons) });
        continue;
      }
      const patient = makePatient(rng, ids, dayStart);
      newPatients.push(patient);
      pool.push(patient);
      arrivals.push({ patient, reason: rng.pick(visitReasons) });
    }
    // Shuffle so that expected returns are spread over the day, then give out arrival times, busiest early.
    for (let i = arrivals.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [arrivals[i], arrivals[j]] = [arrivals[j] as Arrival, arrivals[i] as Arrival];
    }
    const opening = dayStart + 7.5 * HOUR;
    const times = arrivals
      .map(() => {
        const u = rng.next();
        const shape = rng.chance(0.7) ? 1 - Math.sqrt(1 - u) : u;
        return opening + Math.floor(shape * 510 * 60) * 1000;
      })
      .sort((a, b) => a - b);

    const queues = new Map<DoctorSeed, QueueEntry[]>(roster.doctors.map((doc) => [doc, []]));
    const tokens = new Map<DoctorSeed, number>();
    const visits: Visit[] = [];

    arrivals.forEach((arrival, i) => {
      const at = times[i] as number;
      lastVisitDay.set(arrival.patient.id, d);
      const flags = drawFlags(rng);
      const forced = d === 0 ? forcedFlags(i) : null;
      const f: Flags = forced ? { ...flags, ...forced } : flags;
      const doctor = arrival.doctor ?? leastBusy(roster.doctors, tokens);
      const n = (tokens.get(doctor) ?? 0) + 1;
      tokens.set(doctor, n);
      const visit = register(f, arrival, doctor, `${doctor.letter}-${String(n).padStart(3, "0")}`, at, d);
      visits.push(visit);
      if (visit.joinedAt > 0) queues.get(doctor)?.push({ visit, readyAt: visit.joinedAt, kind: "first" });
    });
    for (const [doctor, entries] of queues) workQueue(doctor, entries, dayStart, d);

    const events = visits.flatMap((visit) => visit.v.finish(untilMs));
    return { index: d, date: isoDate(dayStart), newPatients, visits: visits.length, events };
  }

  /** New patients go to the doctor with the shortest list today; ties are broken at random. */
  function leastBusy(doctors: readonly DoctorSeed[], load: Map<DoctorSeed, number>): DoctorSeed {
    const fewest = Math.min(...doctors.map((doc) => load.get(doc) ?? 0));
    return rng.pick(doctors.filter((doc) => (load.get(doc) ?? 0) === fewest));
  }

  function register(
    f: Flags,
    arrival: Arrival,
    doctor: DoctorSeed,
    token: string,
    t: number,
    d: number,
  ): Visit {
    const reception = rng.pick(roster.reception).id;
    const v = newVisitDraft(ids, t, arrival.patient.id);
    const visit: Visit = {
      v,
      f,
      patient: arrival.patient,
      doctor,
      reception,
      token,
      consultBill: `bill_${ids.ulid(t)}`,
      due: doctor.fee - (f.discount ? doctor.fee / 10 : 0),
      paid: 0,
      method: rng.weighted(paymentMethods),
      joinedAt: 0,
      leaveAt: null,
      skipped: false,
      deps: [],
      tests: [],
      reports: [],
    };
    const withDoctor = !f.assignAtDesk || arrival.doctor !== undefined;
    v.add(t, "VISIT_REGISTERED", reception, {
      patientId: arrival.patient.id,
      department: doctor.department,
      reason: arrival.reason,
      ...(withDoctor ? { doctorId: doctor.id } : {}),
    });
    let at = t;
    if (!withDoctor) {
      at += minutes(rng, 0.5, 2);
      v.add(at, "VISIT_ASSIGNED", reception, { doctorId: doctor.id, department: doctor.department });
    }
    at += minutes(rng, 0.5, 2);
    v.add(at, "QUEUE_JOINED", reception, {
      tokenNumber: token,
      queue: `${doctor.name}, room ${doctor.room}`,
      ...(f.urgent ? { priority: "urgent" } : {}),
    });
    const joinedAt = at;
    at += minutes(rng, 0.5, 1.5);
    v.add(
      at,
      "CONSULTATION_BILLED",
      reception,
      {
        billId: visit.consultBill,
        amount: doctor.fee,
        billItems: ["Consultation"],
        currency: "KES",
        ...(f.discount ? { discount: doctor.fee / 10 } : {}),
      },
      f.discount ? "Consultation, 10% returning-patient discount" : undefined,
    );
    if (f.rescheduleAtDesk) {
      const newDate = isoDate(t + DAY);
      at += minutes(rng, 2, 20);
      v.add(at, "VISIT_RESCHEDULED", reception, { newDate, reason: "Patient asked to come back tomorrow" });
      if (rng.chance(0.8)) expect(d + 1, { patient: arrival.patient, doctor, reason: arrival.reason });
      return visit;
    }
    if (f.payment !== "later") {
      const amount = f.payment === "full" ? visit.due : Math.round(visit.due / 2);
      at += minutes(rng, 0.5, 3);
      v.add(at, f.payment === "full" ? "PAYMENT_RECEIVED" : "PAYMENT_PARTIAL", reception, {
        billId: visit.consultBill,
        amount,
        paymentMethod: visit.method,
      });
      visit.paid = amount;
    }
    if (f.cancelAtDesk) {
      at += minutes(rng, 10, 40);
      v.add(at, "VISIT_CANCELLED", reception, { reason: "Patient decided not to wait" });
      if (visit.paid > 0) {
        at += minutes(rng, 1, 5);
        v.add(at, "PAYMENT_REFUNDED", roster.admin.id, {
          billId: visit.consultBill,
          amount: visit.paid,
          paymentMethod: visit.method,
          reason: "Visit cancelled before the consultation",
        });
      }
      return visit;
    }
    visit.joinedAt = joinedAt;
    if (f.leaves) visit.leaveAt = joinedAt + minutes(rng, 30, 120);
    return visit;
  }

  function workQueue(doctor: DoctorSeed, entries: QueueEntry[], dayStart: number, d: number): void {
    let free = dayStart + 8 * HOUR + minutes(rng, 0, 10);
    const lastCall = dayStart + 17.5 * HOUR;
    const leftovers: QueueEntry[] = [];
    while (entries.length > 0) {
      // The next patient is the one who has waited longest; urgent ones go first among those already waiting.
      let best = 0;
      entries.forEach((e, i) => {
        const rank = (x: QueueEntry) => x.readyAt - (x.visit.f.urgent && x.readyAt <= free ? 2 * HOUR : 0);
        if (rank(e) < rank(entries[best] as QueueEntry)) best = i;
      });
      const entry = entries.splice(best, 1)[0] as QueueEntry;
      const visit = entry.visit;
      const callAt = Math.max(free, entry.readyAt) + minutes(rng, 1, 4);
      if (entry.kind === "first" && callAt > lastCall) {
        leftovers.push(entry);
        continue;
      }
      if (entry.kind === "first" && visit.leaveAt !== null && callAt > visit.leaveAt) {
        visit.v.add(visit.leaveAt, "VISIT_CANCELLED", visit.reception, { reason: "Left without being seen" });
        continue;
      }
      visit.v.add(callAt, "QUEUE_CALLED", doctor.id, { roomNumber: doctor.room });
      if (visit.f.away && !visit.skipped) {
        visit.skipped = true;
        const skippedAt = callAt + minutes(rng, 2, 4);
        visit.v.add(skippedAt, "QUEUE_SKIPPED", doctor.id, { reason: rng.pick(skipReasons) });
        free = skippedAt;
        const back = skippedAt + minutes(rng, 10, 40);
        // Back at the desk: either the token is put at the end of the queue again, or the doctor calls them next.
        if (visit.f.requeue)
          visit.v.add(back, "QUEUE_JOINED", visit.reception, {
            tokenNumber: visit.token,
            queue: "Re-queued",
          });
        entries.push({ visit, readyAt: back, kind: "first" });
        continue;
      }
      const entered = callAt + minutes(rng, 1, 3);
      visit.v.add(entered, "ENTERED_ROOM", doctor.id, { roomNumber: doctor.room });
      const exited =
        entry.kind === "first"
          ? consult(visit, entered, dayStart, d, entries)
          : reviewResults(visit, entered, d);
      free = exited + minutes(rng, 1, 3);
    }
    const closing = dayStart + 17.75 * HOUR;
    for (const { visit, readyAt } of leftovers) {
      const at = Math.max(closing, readyAt) + minutes(rng, 0, 15);
      if (visit.leaveAt !== null && visit.leaveAt < at) {
        visit.v.add(visit.leaveAt, "VISIT_CANCELLED", visit.reception, { reason: "Left without being seen" });
      } else if (rng.chance(0.5)) {
        visit.v.add(at, "VISIT_RESCHEDULED", visit.reception, {
          newDate: isoDate(dayStart + DAY),
          reason: "Clinic closed before the patient was seen",
        });
        if (rng.chance(0.8))
          expect(d + 1, { patient: visit.patient, doctor, reason: "Rescheduled from yesterday" });
      } else {
        visit.v.add(at, "VISIT_CANCELLED", visit.reception, { reason: "Left before being seen" });
      }
    }
  }

  /** The first consultation: vitals, the doctor's actions, then billing, the lab and closing the visit. */
  function consult(visit: Visit, entered: number, dayStart: number, d: number, queue: QueueEntry[]): number {
    const { v, f, doctor } = visit;
    let t = entered;
    if (f.vitals) {
      t += minutes(rng, 1, 3);
      const first = v.add(t, "VITALS_RECORDED", doctor.id, vitalsFor(rng, visit.patient, t, f.vitalsVoid));
      if (f.vitalsVoid) {
        t += minutes(rng, 1, 2);
        v.add(t, "EVENT_VOIDED", doctor.id, {
          voidedEventId: first,
          reason: "Weight entered in pounds instead of kilograms",
        });
        t += minutes(rng, 0.5, 1);
        v.add(t, "VITALS_RECORDED", doctor.id, vitalsFor(rng, visit.patient, t));
      }
    }
    const exited = Math.max(entered + minutes(rng, 6, 22), t + minutes(rng, 3, 5));
    const span = exited - t;
    const within = (share: number) => t + Math.floor(span * share);
    if (f.document) {
      const documentId = `doc_${ids.ulid(within(0.15))}`;
      v.add(within(0.15), "DOCUMENT_UPLOADED", doctor.id, {
        documentId,
        fileName: "results-from-previous-clinic.pdf",
        fileUrl: `/documents/${documentId}.pdf`,
        mimeType: "application/pdf",
        fileSize: rng.int(60, 900) * 1024,
      });
    }
    if (f.tests > 0) {
      const tests = f.quickTest ? [labTests[0] as LabTest] : pickTests(rng, f.tests);
      visit.tests = tests.map((test, i) => ({
        testOrderId: `test_${ids.ulid(within(0.4))}`,
        test,
        reject: f.reject && i === 0,
      }));
      v.add(within(0.4), "TESTS_ORDERED", doctor.id, {
        testOrderIds: visit.tests.map((o) => o.testOrderId),
        tests: tests.map((x) => x.name),
        testCount: tests.length,
        priority: f.urgent ? "urgent" : "normal",
        specimens: tests.map((x) => x.specimen),
      });
    }
    if (f.prescription)
      prescribe(visit, within(0.55), f.prescriptionVoid ? [within(0.7), within(0.85)] : null);
    let letter: { referredTo: string } | null = null;
    if (f.referral) {
      const target = rng.pick(referralTargets);
      v.add(within(0.92), "REFERRAL_GIVEN", doctor.id, target);
      letter = target;
    }
    v.add(exited, "EXITED_ROOM", doctor.id, {
      roomNumber: doctor.room,
      durationMinutes: Math.round((exited - entered) / MINUTE),
      diagnosis: rng.pick(diagnoses),
    });
    visit.deps.push(exited);

    // Back at reception: settle what is owed on the consultation.
    let desk = exited + minutes(rng, 2, 6);
    if (f.payment === "later" || (f.payment === "partial" && f.settlePartial)) {
      const amount = visit.due - visit.paid;
      v.add(desk, "PAYMENT_RECEIVED", visit.reception, {
        billId: visit.consultBill,
        amount,
        paymentMethod: visit.method,
      });
      visit.paid += amount;
      visit.deps.push(desk);
      desk += minutes(rng, 0.5, 2);
    }
    if (letter) {
      const documentId = `doc_${ids.ulid(desk)}`;
      v.add(desk, "DOCUMENT_UPLOADED", doctor.id, {
        documentId,
        fileName: "referral-letter.pdf",
        fileUrl: `/documents/${documentId}.pdf`,
        mimeType: "application/pdf",
        fileSize: rng.int(30, 200) * 1024,
      });
      visit.deps.push(desk);
      v.add(desk + minutes(rng, 1, 30), "DOCUMENT_SHARED", visit.reception, {
        documentId,
        sharedWith: letter.referredTo,
      });
      desk += minutes(rng, 0.5, 2);
    }
    if (visit.tests.length > 0) {
      const resultsBy = billAndRunTests(visit, desk);
      const eligible = resultsBy <= dayStart + 15 * HOUR;
      if (f.returnForResults && eligible) {
        const rejoined = resultsBy + minutes(rng, 10, 40);
        v.add(rejoined, "QUEUE_JOINED", visit.reception, {
          tokenNumber: visit.token,
          queue: "Results review",
        });
        queue.push({ visit, readyAt: rejoined, kind: "results" });
        return exited;
      }
      deliverLater(visit, dayStart);
    }
    closeVisit(visit, exited, d);
    return exited;
  }

  function prescribe(visit: Visit, at: number, correction: [number, number] | null): void {
    const items = () => rng.some(medicines, rng.int(1, 3)).map((m) => ({ ...m }));
    const first = visit.v.add(at, "PRESCRIPTION_GIVEN", visit.doctor.id, {
      prescriptionId: `rx_${ids.ulid(at)}`,
      items: items(),
    });
    if (!correction) return;
    visit.v.add(correction[0], "EVENT_VOIDED", visit.doctor.id, {
      voidedEventId: first,
      reason: "Prescribed for the wrong patient record; re-entered",
    });
    visit.v.add(correction[1], "PRESCRIPTION_GIVEN", visit.doctor.id, {
      prescriptionId: `rx_${ids.ulid(correction[1])}`,
      items: items(),
    });
  }

  /** Bills the tests, takes payment and runs each test through the lab; returns when the last result is approved. */
  function billAndRunTests(visit: Visit, at: number): number {
    const { v, f } = visit;
    const billId = `bill_${ids.ulid(at)}`;
    const total = visit.tests.reduce((sum, o) => sum + o.test.price, 0);
    v.add(at, "TESTS_BILLED", visit.reception, {
      billId,
      amount: total,
      billItems: visit.tests.map((o) => ({ name: o.test.name, amount: o.test.price })),
      testOrderIds: visit.tests.map((o) => o.testOrderId),
      currency: "KES",
    });
    let paidAt = at + minutes(rng, 0.5, 3);
    const first = f.testsPayment === "full" ? total : Math.round(total / 2);
    v.add(paidAt, first === total ? "PAYMENT_RECEIVED" : "PAYMENT_PARTIAL", visit.reception, {
      billId,
      amount: first,
      paymentMethod: visit.method,
    });
    visit.deps.push(paidAt);
    if (first < total && rng.chance(0.6)) {
      const rest = paidAt + minutes(rng, 20, 90);
      v.add(rest, "PAYMENT_RECEIVED", visit.reception, {
        billId,
        amount: total - first,
        paymentMethod: visit.method,
      });
      visit.deps.push(rest);
    }
    if (f.testRefund && first === total) {
      const cheapest = Math.min(...visit.tests.map((o) => o.test.price));
      v.add(paidAt + minutes(rng, 5, 60), "PAYMENT_REFUNDED", roster.admin.id, {
        billId,
        amount: Math.min(cheapest, first),
        paymentMethod: visit.method,
        reason: "Charged twice for the same test",
      });
    }
    paidAt += minutes(rng, 0.5, 1);
    let lastApproval = 0;
    for (const order of visit.tests) {
      const outcome = runLabTest(rng, v, order, paidAt, lab(visit.doctor.id));
      visit.reports.push({ order, ...outcome });
      visit.deps.push(outcome.approvedAt);
      lastApproval = Math.max(lastApproval, outcome.approvedAt);
    }
    return Math.max(lastApproval, ...visit.reports.map((r) => r.reportedAt));
  }

  /** Reports the patient did not wait for: collected at reception later, some amended after delivery. */
  function deliverLater(visit: Visit, dayStart: number): void {
    for (const r of visit.reports) {
      const sameDay = r.reportedAt < dayStart + 16 * HOUR && (visit.f.amend || rng.chance(0.4));
      const delivered = sameDay
        ? r.reportedAt + minutes(rng, 5, 30)
        : r.reportedAt - (r.reportedAt % DAY) + DAY + 9 * HOUR + minutes(rng, 0, 240);
      const deliver = (at: number) =>
        visit.v.add(at, "REPORT_DELIVERED", visit.reception, {
          testOrderId: r.order.testOrderId,
          deliveredTo: rng.pick(["patient", "patient", "relative", "SMS link"]),
        });
      deliver(delivered);
      if (visit.f.amend && r === visit.reports[0]) {
        const reissued = amendReport(
          rng,
          visit.v,
          r.order,
          delivered,
          lab(visit.doctor.id),
          rng.pick(amendmentReasons),
        );
        deliver(reissued + minutes(rng, 5, 120));
      }
    }
  }

  /** The patient comes back with the results: the doctor hands over the reports and finishes the consultation. */
  function reviewResults(visit: Visit, entered: number, d: number): number {
    let t = entered;
    for (const r of visit.reports) {
      t += minutes(rng, 0.5, 2);
      visit.v.add(t, "REPORT_DELIVERED", visit.doctor.id, {
        testOrderId: r.order.testOrderId,
        deliveredTo: "patient",
      });
    }
    if (rng.chance(0.5)) prescribe(visit, t + minutes(rng, 1, 3), null);
    const exited = t + minutes(rng, 4, 10);
    visit.v.add(exited, "EXITED_ROOM", visit.doctor.id, {
      roomNumber: visit.doctor.room,
      durationMinutes: Math.round((exited - entered) / MINUTE),
      notes: "Results reviewed with the patient",
    });
    visit.deps.push(exited);
    closeVisit(visit, exited, d);
    return exited;
  }

  /** After the last time in the room: consultation completed, follow-up booked, visit closed once all is done. */
  function closeVisit(visit: Visit, exited: number, d: number): void {
    const { v, f, doctor } = visit;
    v.add(exited + 20_000, "CONSULTATION_COMPLETED", doctor.id, {
      roomNumber: doctor.room,
      notes: "Consultation finished",
    });
    if (f.followUp) {
      const followUpId = `fu_${ids.ulid(exited)}`;
      const dueDay = exited - (exited % DAY) + f.followUpDays * DAY;
      const reason = rng.pick(followUpReasons);
      v.add(exited + 40_000, "FOLLOWUP_SCHEDULED", doctor.id, {
        followUpId,
        dueDate: isoDate(dueDay),
        reason,
        doctorId: doctor.id,
      });
      // Reminders go out the afternoon before; a next-day review is reminded that morning.
      const reminder =
        f.followUpDays === 1 ? dueDay + 7 * HOUR : dueDay - DAY + 16 * HOUR + minutes(rng, 0, 60);
      v.add(reminder, "FOLLOWUP_REMINDER_SENT", visit.reception, {
        followUpId,
        channel: rng.weighted([
          ["SMS", 70],
          ["PHONE", 25],
          ["EMAIL", 5],
        ]),
      });
      if (rng.chance(0.75))
        expect(d + f.followUpDays, { patient: visit.patient, doctor, reason: `Follow-up: ${reason}` });
    }
    const done = Math.max(exited + MINUTE, ...visit.deps) + minutes(rng, 1, 5);
    v.add(done, "VISIT_COMPLETED", visit.reception);
  }

  return {
    roster,
    firstDay: isoDate(firstDayStart),
    *days() {
      for (let d = 0; d < days; d++) yield planDay(d);
    },
  };
}
