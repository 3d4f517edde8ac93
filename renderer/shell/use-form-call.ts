import { useState } from "react";
import type { ChannelName, InputOf, OutputOf } from "../../api/contract.js";
import type { ClinicClient } from "../api/client.js";
import { errorsOf, type FieldErrors } from "../components/use-command.js";

// Runs one call for a form outside the signed-in screens (setup, sign-in, lock), keeping zod issues beside their
// fields and any other refusal above the buttons.

export function useFormCall<C extends ChannelName>(
  client: ClinicClient,
  channel: C,
  codeFields: Record<string, string> = {},
) {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  async function run(input: InputOf<C>): Promise<OutputOf<C> | null> {
    setBusy(true);
    setFormError(null);
    setFieldErrors({});
    try {
      const reply = await client.call(channel, input);
      if (reply.ok) return reply.value;
      const e = errorsOf(reply.error, codeFields);
      setFieldErrors(e.fieldErrors);
      setFormError(e.formError);
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, fieldErrors, formError, setFormError };
}
