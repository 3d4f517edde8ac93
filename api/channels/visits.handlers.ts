import { getPatient } from "../../db/patients.js";
import { parkedEventsOf } from "../../db/visit-conflicts.js";
import { getVisitJourney } from "../../db/visit-events.js";
import { visitSummary, visitsRegisteredBetween } from "../../db/visit-summary.js";
import { openVisitOf } from "../../db/visits.js";
import { balanceOwedRefusal, owedCents } from "../../domain/workflow.js";
import type { AreaHandlers } from "../handler.js";
import { done, invalidField, refused, refusedWith } from "../handler.js";
import { localDayRange } from "../local-day.js";
import { nextToken } from "../queue-token.js";
import { compact, recordStep, recordSteps } from "../record.js";
import { readSettings } from "../settings.js";
import type { visitChannels } from "./visits.js";

const noVisit = (visitId: string) => refused("VISIT_NOT_FOUND", `There is no visit ${visitId}.`);

export const visitHandlers: AreaHandlers<typeof visitChannels> = {
  registerVisit(input, ctx) {
    const patient = getPatient(ctx.db, input.patientId);
    if (!patient)
      return refused(
        "UNKNOWN_PATIENT",
        `There is no patient ${input.patientId}; register the patient first.`,
      );
    if (input.allowSecondVisit && !input.secondVisitReason)
      return invalidField(
        "secondVisitReason",
        "Say why this patient needs a second visit while one is still open.",
        "REQUIRED",
      );
    const open = openVisitOf(ctx.db, patient.id);
    if (open && !input.allowSecondVisit)
      return refused(
        "VISIT_ALREADY_OPEN",
        `${patient.name} already has an open visit${open.tokenNumber ? ` (token ${open.tokenNumber})` : ""}; carry on with it, or start a second visit and say why.`,
        {
          visitId: open.id,
          tokenNumber: open.tokenNumber ?? "",
          status: open.status,
          patientName: patient.name,
        },
      );
    const settings = readSettings(ctx.db);
    const fee = input.consultationFee ?? settings.consultationFee;
    if (!fee)
      return refused(
        "FEE_NOT_SET",
        "Type the consultation fee, or ask the administrator to set the clinic's usual fee in Settings.",
      );
    if ((input.discount ?? 0) > fee)
      return refused("INVALID_INPUT", `The discount (${input.discount}) is more than the fee (${fee}).`);
    const visitId = `visit_${ctx.db.newId()}`;
    const billId = `bill_${ctx.db.newId()}`;
    const tokenNumber = nextToken(ctx.db, input.doctorId, ctx.now());
    const r = recordSteps(ctx, [
      {
        visitId,
        eventType: "VISIT_REGISTERED",
        ...(open && input.secondVisitReason
          ? {
              description: `Second open visit (${open.tokenNumber ?? open.id} still open): ${input.secondVisitReason}`,
            }
          : {}),
        metadata: compact({
          patientId: patient.id,
          doctorId: input.doctorId,
          department: input.department,
          reason: input.reason,
        }),
      },
      {
        visitId,
        eventType: "QUEUE_JOINED",
        metadata: compact({
          tokenNumber,
          queue: input.doctorId ?? input.department,
          priority: input.priority,
        }),
      },
      {
        visitId,
        eventType: "CONSULTATION_BILLED",
        metadata: compact({
          billId,
          amount: fee,
          billItems: ["Consultation"],
          discount: input.discount,
          currency: settings.currency,
        }),
      },
    ]);
    return r.ok ? done({ ...r.value, tokenNumber, billId }) : r;
  },

  assignDoctor: (input, ctx) =>
    recordStep(ctx, input.visitId, "VISIT_ASSIGNED", {
      doctorId: input.doctorId,
      reason: input.reason || undefined,
    }),
  cancelVisit: (input, ctx) => recordStep(ctx, input.visitId, "VISIT_CANCELLED", { reason: input.reason }),
  rescheduleVisit: (input, ctx) =>
    recordStep(ctx, input.visitId, "VISIT_RESCHEDULED", { newDate: input.newDate, reason: input.reason }),
  completeVisit(input, ctx) {
    const { state } = ctx.db.events.foldVisit(input.visitId);
    const owed = state.registered ? balanceOwedRefusal(state, input.confirmBalanceOwed) : null;
    if (owed) return refusedWith(owed);
    const left = owedCents(state);
    const currency = readSettings(ctx.db).currency;
    return recordSteps(ctx, [
      {
        visitId: input.visitId,
        eventType: "VISIT_COMPLETED",
        ...(input.notes ? { metadata: { notes: input.notes } } : {}),
        // The confirmation is part of the record: who closed the visit knowing what was owed.
        ...(left > 0
          ? {
              description: `Completed with ${(left / 100).toFixed(2)}${currency ? ` ${currency}` : ""} still owed`,
            }
          : {}),
      },
    ]);
  },

  scheduleFollowUp(input, ctx) {
    const followUpId = `fu_${ctx.db.newId()}`;
    const visit = visitSummary(ctx.db, input.visitId);
    const r = recordStep(ctx, input.visitId, "FOLLOWUP_SCHEDULED", {
      followUpId,
      dueDate: input.dueDate,
      reason: input.reason,
      doctorId: visit?.doctorId ?? undefined,
    });
    return r.ok ? done({ ...r.value, followUpId }) : r;
  },

  sendFollowUpReminder: (input, ctx) =>
    recordStep(ctx, input.visitId, "FOLLOWUP_REMINDER_SENT", {
      followUpId: input.followUpId,
      channel: input.channel,
    }),

  voidEntry: (input, ctx) =>
    recordStep(ctx, input.visitId, "EVENT_VOIDED", { voidedEventId: input.eventId, reason: input.reason }),

  visit(input, ctx) {
    const visit = visitSummary(ctx.db, input.visitId);
    return visit ? done({ visit }) : noVisit(input.visitId);
  },

  visitJourney(input, ctx) {
    const visit = visitSummary(ctx.db, input.visitId);
    if (!visit) return noVisit(input.visitId);
    return done({ visit, steps: getVisitJourney(ctx.db, input.visitId) });
  },

  parkedEvents(input, ctx) {
    return done({ events: parkedEventsOf(ctx.db, input.visitId) });
  },

  visitsOfDay(input, ctx) {
    const day = localDayRange(input.date, ctx.now());
    const rows = visitsRegisteredBetween(ctx.db, {
      from: day.from,
      to: day.to,
      status: input.status ?? null,
    });
    return done({ date: day.date, visits: rows });
  },
};
