import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import {
  type DefaultValues,
  type FieldErrors,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormReturn,
  useForm,
} from "react-hook-form";
import type { z } from "zod";
import {
  type ApiError,
  type ChannelName,
  contract,
  type InputOf,
  type OutputOf,
} from "../../api/contract.js";
import { fieldErrors } from "../../domain/field-errors.js";
import type { ClinicClient } from "../api/client.js";
import { withCommandId } from "../api/command-id.js";
import { i18n } from "../i18n/index.js";
import { fieldErrorText } from "../i18n/refusals.js";
import { Button } from "./button.js";
import { useSignedInClinic } from "./clinic-context.js";
import { FormError } from "./field.js";
import { errorsOf, sentence } from "./use-command.js";

// A form that runs one command, with react-hook-form. What is typed is checked, before anything is sent, by the
// contract's own zod input schema (so the client's check cannot disagree with the server's); a refusal lands
// beside the field it names (its `field`, a zod issue's path, or `codeFields`), anything else above the buttons.
// The form's values are what the person typed (strings); `toInput` turns them into the command's input.

export interface CommandFormOptions<C extends ChannelName, F extends FieldValues> {
  /** The client, for the forms before anyone is signed in (first run, sign-in, lock); else the clinic's. */
  client?: ClinicClient;
  defaultValues: DefaultValues<F>;
  toInput(values: F): InputOf<C>;
  onDone(value: OutputOf<C>, values: F): void;
  /** After the server refused (the errors are already beside their fields): e.g. empty a password. */
  onRefused?(error: ApiError): void;
  /** Refusal codes that concern one field, e.g. { PAYMENT_EXCEEDS_BALANCE: "amount" }. */
  codeFields?: Readonly<Record<string, Path<F>>>;
}

export interface CommandForm<F extends FieldValues> extends UseFormReturn<F> {
  /** The form's onSubmit. */
  submit(e?: { preventDefault(): void }): Promise<void>;
  /** The message for one field, from the client's check or the server's refusal. */
  errorOf(name: Path<F>): string | undefined;
}

/** Puts an error at a dot path ("items.0.drug") of react-hook-form's error tree, keeping the first one. */
function place(
  tree: Record<string, unknown>,
  path: readonly string[],
  error: { type: string; message: string },
) {
  let at = tree;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      at[key] ??= error;
      return;
    }
    at[key] ??= /^\d+$/.test(path[i + 1] ?? "") ? [] : {};
    at = at[key] as Record<string, unknown>;
  }
}

export function useCommandForm<C extends ChannelName, F extends FieldValues>(
  channel: C,
  options: CommandFormOptions<C, F>,
): CommandForm<F> {
  const signedIn = useSignedInClinic();
  const client = options.client ?? signedIn?.client;
  if (!client) throw new Error("useCommandForm() needs a client outside a ClinicProvider");
  const fields = new Set(Object.keys(options.defaultValues ?? {}));
  // The check is the router's own: the contract's schema, its issues explained by the same words the server uses
  // (domain/field-errors.ts) and read from the catalogue, so a field error reads the same before and after sending.
  const resolver: Resolver<F> = async (values) => {
    const input = options.toInput(values);
    const parsed = (contract[channel].input as z.ZodType).safeParse(input);
    if (parsed.success) return { values, errors: {} };
    const errors: Record<string, unknown> = {};
    const loose: string[] = [];
    for (const issue of fieldErrors(parsed.error.issues, input)) {
      const message = sentence(fieldErrorText(i18n.t, issue));
      // A part of the input that no field of the form types (the list of ticked tests, say) is named above the
      // buttons.
      if (!fields.has(issue.path[0] as string)) loose.push(message);
      else place(errors, issue.path.map(String), { type: issue.code, message });
    }
    if (loose.length) errors.root = { server: { type: "client", message: [...new Set(loose)].join(" ") } };
    return { values: {}, errors: errors as FieldErrors<F> };
  };
  const form = useForm<F>({ defaultValues: options.defaultValues, resolver });

  const submit = form.handleSubmit(async (values) => {
    const reply = await client.call(channel, withCommandId(channel, options.toInput(values)));
    if (reply.ok) return options.onDone(reply.value, values);
    options.onRefused?.(reply.error);
    const named = (reply.error as { field?: string }).field;
    const codeFields = { ...options.codeFields, ...(named ? { [reply.error.code]: named } : {}) };
    const { fieldErrors, formError } = errorsOf(reply.error, codeFields);
    const loose: string[] = formError ? [formError] : [];
    for (const [name, message] of Object.entries(fieldErrors)) {
      if (!name.includes(".") && !fields.has(name)) loose.push(message);
      else form.setError(name as Path<F>, { type: "server", message });
    }
    if (loose.length)
      form.setError("root.server", { type: "server", message: [...new Set(loose)].join(" ") });
  });

  const errorOf = (name: Path<F>) => {
    const e = name
      .split(".")
      .reduce<unknown>((at, k) => (at as Record<string, unknown>)?.[k], form.formState.errors);
    return (e as { message?: string } | undefined)?.message;
  };
  return { ...form, submit, errorOf };
}

/**
 * The one footer of every form: the refusal that concerns no single field, the submit button (disabled while the
 * command is in flight, so a double click records nothing twice) and the form's other actions.
 */
export function FormFooter<F extends FieldValues>({
  form,
  label,
  icon,
  size,
  children,
}: {
  form: CommandForm<F>;
  label: ReactNode;
  icon?: LucideIcon;
  size?: "large";
  children?: ReactNode;
}) {
  const { errors, isSubmitting } = form.formState;
  return (
    <>
      <FormError message={errors.root?.server?.message} />
      <div className="hms-actions">
        <Button type="submit" variant="primary" size={size} icon={icon} busy={isSubmitting}>
          {label}
        </Button>
        {children}
      </div>
    </>
  );
}
