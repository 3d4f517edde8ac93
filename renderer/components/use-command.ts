import { useCallback, useRef, useState } from "react";
import type { ApiError, ChannelName, InputOf, OutputOf } from "../../api/contract.js";
import { withCommandId } from "../api/command-id.js";
import { i18n } from "../i18n/index.js";
import { fieldErrorText, issueField, refusalText } from "../i18n/refusals.js";
import { useClinic } from "./clinic-context.js";

// Runs one command and keeps its errors where the person will look: bad input goes beside the field the zod issue
// names; a refusal whose code concerns one field (a payment larger than the balance -> "amount") goes beside that
// field; anything else is shown above the form's buttons. The form's own state is never touched, so nothing typed
// is lost when a command is refused.

export type FieldErrors = Record<string, string>;

export interface Command<C extends ChannelName> {
  run(input: InputOf<C>): Promise<OutputOf<C> | null>;
  busy: boolean;
  fieldErrors: FieldErrors;
  formError: string | null;
  /** The refusal of the last run, when it was refused (e.g. to ask the person and send again). */
  lastRefusal(): ApiError | null;
  clear(): void;
}

export function errorsOf(
  error: ApiError,
  codeFields: Readonly<Record<string, string>> = {},
): { fieldErrors: FieldErrors; formError: string | null } {
  const fieldErrors: FieldErrors = {};
  if (error.code === "INVALID_INPUT" && Array.isArray(error.details)) {
    const loose: string[] = [];
    for (const issue of error.details as Parameters<typeof fieldErrorText>[1][]) {
      const full = issueField(issue);
      const field = full.split(".")[0];
      const message = sentence(fieldErrorText(i18n.t, issue));
      if (!field) {
        loose.push(message);
        continue;
      }
      // Both the whole path ("items.0.drug", for rows of a list) and its first part ("items") name the field.
      if (!fieldErrors[full]) fieldErrors[full] = message;
      if (!fieldErrors[field]) fieldErrors[field] = message;
    }
    return { fieldErrors, formError: loose.length ? loose.join(" ") : null };
  }
  const field = codeFields[error.code];
  const message = plainWords(refusalText(i18n.t, error));
  if (field) return { fieldErrors: { [field]: message }, formError: null };
  return { fieldErrors, formError: message };
}

/** Internal ids mean nothing at the counter: "owed on bill bill_01J…" reads "owed on this bill". */
export const plainWords = (m: string) =>
  m.replace(/\b(on|of|for|to) (bill|visit) (?:bill|visit)_[0-9A-HJKMNP-TV-Z]{26}\b/g, "$1 this $2");

/** zod says "must not be empty"; a person reads "Must not be empty." */
export const sentence = (m: string) => {
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

export function useCommand<C extends ChannelName>(
  channel: C,
  codeFields: Readonly<Record<string, string>> = {},
): Command<C> {
  const { client } = useClinic();
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const refusal = useRef<ApiError | null>(null);

  const run = useCallback(
    async (input: InputOf<C>) => {
      setBusy(true);
      refusal.current = null;
      try {
        const reply = await client.call(channel, withCommandId(channel, input));
        if (reply.ok) {
          setFieldErrors({});
          setFormError(null);
          return reply.value;
        }
        refusal.current = reply.error;
        const e = errorsOf(reply.error, codeFields);
        setFieldErrors(e.fieldErrors);
        setFormError(e.formError);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [client, channel, codeFields],
  );

  const clear = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  const lastRefusal = useCallback(() => refusal.current, []);

  return { run, busy, fieldErrors, formError, lastRefusal, clear };
}
