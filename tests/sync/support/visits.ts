// Whole visits as plain event inputs, for tests that need many events quickly. Ten events per visit.
export function visitEvents(visitId: string, patientId: string, at?: (i: number) => string): unknown[] {
  const bill = `bill_${visitId}`;
  const steps: [string, unknown][] = [
    ["VISIT_REGISTERED", { patientId }],
    ["QUEUE_JOINED", { tokenNumber: visitId.slice(-6) }],
    ["CONSULTATION_BILLED", { billId: bill, amount: 150 }],
    ["PAYMENT_PARTIAL", { billId: bill, amount: 50 }],
    ["QUEUE_CALLED", undefined],
    ["ENTERED_ROOM", undefined],
    ["VITALS_RECORDED", { pulse: 72 }],
    ["EXITED_ROOM", { diagnosis: "Well" }],
    ["PAYMENT_RECEIVED", { billId: bill, amount: 100 }],
    ["VISIT_COMPLETED", undefined],
  ];
  return steps.map(([eventType, metadata], i) => ({
    visitId,
    eventType,
    ...(metadata === undefined ? {} : { metadata }),
    ...(at ? { performedAt: at(i) } : {}),
  }));
}
