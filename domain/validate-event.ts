import { eventCatalog, isEventType } from "./catalog.js";
import type { NewVisitEvent } from "./event.js";
import { describeFieldErrors, fieldErrors } from "./field-errors.js";
import { type Refusal, refuse } from "./refusal.js";

// Checks what can be checked of a new event without the database: its type, its metadata against the type's
// schema, the shape of the ids and the time. The result carries metadata as the schema normalised it (trimmed).

export interface CheckedEvent {
  id: string | undefined;
  visitId: string;
  eventType: keyof typeof eventCatalog;
  description: string | null;
  metadata: unknown;
  performedBy: string | null;
  performedAt: string;
}

const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export function checkNewEvent(input: NewVisitEvent, now: Date): CheckedEvent | Refusal {
  if (typeof input !== "object" || input === null)
    return refuse("INVALID_INPUT", "An event must be an object.");
  const { visitId, eventType } = input;
  if (typeof visitId !== "string" || visitId.trim() === "" || visitId.length > 100)
    return refuse("INVALID_INPUT", "visitId must be a non-empty text of at most 100 characters.");
  if (typeof eventType !== "string" || !isEventType(eventType))
    return refuse("UNKNOWN_EVENT_TYPE", `"${String(eventType)}" is not a known event type.`);
  if (input.id !== undefined && (typeof input.id !== "string" || !/^[0-9A-Za-z_-]{1,64}$/.test(input.id)))
    return refuse("INVALID_INPUT", "id must be 1 to 64 letters, digits, '_' or '-'.");
  if (input.description != null && (typeof input.description !== "string" || input.description.length > 2000))
    return refuse("INVALID_INPUT", "description must be text of at most 2000 characters.");
  if (input.performedBy != null && (typeof input.performedBy !== "string" || input.performedBy.trim() === ""))
    return refuse("INVALID_INPUT", "performedBy must name a member of staff by id.");

  // Formatted only when the event does not carry its own time: a date's ISO text costs about a microsecond, as much
  // as the rest of these checks together.
  let performedAt: string;
  if (input.performedAt === undefined) performedAt = now.toISOString();
  else {
    const t = typeof input.performedAt === "string" ? Date.parse(input.performedAt) : Number.NaN;
    if (Number.isNaN(t))
      return refuse(
        "INVALID_INPUT",
        `performedAt "${String(input.performedAt)}" is not an ISO-8601 date and time.`,
      );
    if (t - now.getTime() > MAX_CLOCK_AHEAD_MS)
      return refuse("INVALID_INPUT", `performedAt ${input.performedAt} is in the future.`);
    performedAt = new Date(t).toISOString();
  }

  const parsed = eventCatalog[eventType].schema.safeParse(input.metadata ?? undefined);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues, input.metadata, ["metadata"]);
    return {
      ...refuse(
        "INVALID_METADATA",
        `"${eventCatalog[eventType].label}" was not recorded: ${describeFieldErrors(errors)}`,
        { eventType },
        errors[0]?.field,
      ),
      details: errors,
    };
  }
  return {
    id: input.id,
    visitId: visitId.trim(),
    eventType,
    description: input.description?.trim() || null,
    metadata: parsed.data ?? null,
    performedBy: input.performedBy?.trim() ?? null,
    performedAt,
  };
}

export const isRefusal = (x: unknown): x is Refusal =>
  typeof x === "object" && x !== null && "code" in x && "message" in x && !("visitId" in x);
