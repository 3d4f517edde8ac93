import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";

// A labelled input with its error right beside it. The label names the control for screen readers and tests
// (getByLabel), and the error is tied to it with aria-describedby so it is read out with the field.

interface FieldFrame {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
}

function Frame({ id, label, error, hint, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className="hms-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span id={`${id}-error`} className="hms-field-error" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="hms-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** The control's id (its own, or a generated one) and the attributes that tie it to its label and message. */
function useControl(frame: FieldFrame, ownId: string | undefined) {
  const auto = useId();
  const id = ownId ?? auto;
  const describedBy = frame.error ? `${id}-error` : frame.hint ? `${id}-hint` : undefined;
  return {
    id,
    aria: { id, "aria-invalid": frame.error ? true : undefined, "aria-describedby": describedBy },
  };
}

export function TextField({
  label,
  error,
  hint,
  ...input
}: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const { id, aria } = useControl({ label, error, hint }, input.id);
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <input className="hms-input" {...input} {...aria} />
    </Frame>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  ...input
}: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, aria } = useControl({ label, error, hint }, input.id);
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <textarea className="hms-input" {...input} {...aria} />
    </Frame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  label,
  error,
  hint,
  options,
  placeholder,
  ...input
}: FieldFrame &
  SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[]; placeholder?: string }) {
  const { id, aria } = useControl({ label, error, hint }, input.id);
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <select className="hms-input" {...input} {...aria}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** An error that concerns a whole action rather than one field; announced when it appears. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="hms-form-error" role="alert">
      {message}
    </div>
  );
}
