import { zodResolver } from "@hookform/resolvers/zod";
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
import { type ChannelName, contract, type InputOf, type OutputOf } from "../../api/contract.js";
import { withCommandId } from "../api/command-id.js";
import { Button } from "./button.js";
import { useClinic } from "./clinic-context.js";
import { FormError } from "./field.js";
import { errorsOf } from "./use-command.js";

// A form that runs one command, with react-hook-form. What is typed is checked, before anything is sent, by the
// contract's own zod input schema (so the client's check cannot disagree with the server's); a refusal lands
// beside the field it names (its `field`, a zod issue's path, or `codeFields`), anything else above the buttons.
// The form's values are what the person typed (strings); `toInput` turns them into the command's input.

export interface CommandFormOptions<C extends ChannelName, F extends FieldValues> {
  defaultValues: DefaultValues<F>;
  toInput(values: F): InputOf<C>;
  onDone(value: OutputOf<C>, values: F): void;
  /** Refusal codes that concern one field, e.g. { PAYMENT_EXCEEDS_BALANCE: "amount" }. */
  codeFields?: Readonly<Record<string, Path<F>>>;
}

export interface CommandForm<F extends FieldValues> extends UseFormReturn<F> {
  /** The form's onSubmit. */
  submit(e?: { preventDefault(): void }): Promise<void>;
  /** The message for one field, from the client's check or the server's refusal. */
  errorOf(name: Path<F>): string | undefined;
}

const sentence = (m: string) => {
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

function readable<F extends FieldValues>(errors: FieldErrors<F>): FieldErrors<F> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(errors)) {
    const e = v as { message?: unknown };
    out[k] = typeof e?.message === "string" ? { ...e, message: sentence(e.message) } : v;
  }
  return out as FieldErrors<F>;
}

export function useCommandForm<C extends ChannelName, F extends FieldValues>(
  channel: C,
  options: CommandFormOptions<C, F>,
): CommandForm<F> {
  const { client } = useClinic();
  const check = zodResolver(contract[channel].input as z.ZodType<object, object>);
  const resolver: Resolver<F> = async (values, context, opts) => {
    const checked = await check(options.toInput(values) as never, context, opts as never);
    const errors = checked.errors as FieldErrors<F>;
    return Object.keys(errors).length ? { values: {}, errors: readable(errors) } : { values, errors: {} };
  };
  const form = useForm<F>({ defaultValues: options.defaultValues, resolver });
  const fields = new Set(Object.keys(options.defaultValues ?? {}));

  const submit = form.handleSubmit(async (values) => {
    const reply = await client.call(channel, withCommandId(channel, options.toInput(values)));
    if (reply.ok) return options.onDone(reply.value, values);
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
