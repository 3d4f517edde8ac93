import { enteredRoomAt } from "../../db/visits.js";
import { flagVitals } from "../../domain/vital-signs.js";
import type { AreaHandlers } from "../handler.js";
import { done } from "../handler.js";
import { recordStep } from "../record.js";
import type { consultationChannels } from "./consultation.js";

export const consultationHandlers: AreaHandlers<typeof consultationChannels> = {
  enterRoom: (input, ctx) => recordStep(ctx, input.visitId, "ENTERED_ROOM", { roomNumber: input.roomNumber }),

  exitRoom(input, ctx) {
    // The minutes in the room are counted here from the visit's own ENTERED_ROOM, not typed at the desk.
    const entered = enteredRoomAt(ctx.db, input.visitId);
    const minutes = entered
      ? Math.max(0, Math.round((ctx.now().getTime() - Date.parse(entered)) / 60_000))
      : undefined;
    return recordStep(ctx, input.visitId, "EXITED_ROOM", {
      notes: input.notes,
      diagnosis: input.diagnosis,
      durationMinutes: minutes,
    });
  },

  recordVitals(input, ctx) {
    const r = recordStep(ctx, input.visitId, "VITALS_RECORDED", input.vitals);
    return r.ok ? done({ ...r.value, flags: flagVitals(input.vitals) }) : r;
  },

  prescribe(input, ctx) {
    const prescriptionId = `rx_${ctx.db.newId()}`;
    const r = recordStep(ctx, input.visitId, "PRESCRIPTION_GIVEN", { prescriptionId, items: input.items });
    return r.ok ? done({ ...r.value, prescriptionId }) : r;
  },

  orderTests(input, ctx) {
    const testOrderIds = input.tests.map(() => `test_${ctx.db.newId()}`);
    const specimens = input.tests.map((t) => t.specimen ?? "");
    const r = recordStep(ctx, input.visitId, "TESTS_ORDERED", {
      testOrderIds,
      tests: input.tests.map((t) => t.name),
      testCount: testOrderIds.length,
      priority: input.priority,
      specimens: specimens.some(Boolean) ? specimens : undefined,
    });
    return r.ok ? done({ ...r.value, testOrderIds }) : r;
  },

  refer: (input, ctx) => {
    const { visitId, ...referral } = input;
    return recordStep(ctx, visitId, "REFERRAL_GIVEN", referral);
  },

  completeConsultation: (input, ctx) =>
    recordStep(ctx, input.visitId, "CONSULTATION_COMPLETED", {
      notes: input.notes,
      diagnosis: input.diagnosis,
    }),
};
