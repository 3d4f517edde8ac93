import { type FormEvent, type ReactNode, useState } from "react";
import { Button, Dialog, FormError, TextAreaField } from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// Asks for the reason an action needs (cancel a visit, reject a sample, refund). The typed reason survives a
// refusal: the dialog stays open with the error beside the field.

export function ReasonDialog({
  open,
  title,
  confirm,
  onClose,
  onConfirm,
  error,
  formError,
  busy,
  children,
}: {
  open: boolean;
  title: string;
  confirm: string;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  error?: string | undefined;
  formError?: string | null;
  busy?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  const [reason, setReason] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm(reason);
  };
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form className="hms-form" onSubmit={submit}>
        {children}
        <TextAreaField
          label={t("Reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={error}
          autoFocus
        />
        <FormError message={formError} />
        <div className="hms-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {confirm}
          </Button>
          <Button onClick={onClose}>{t("Close")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
