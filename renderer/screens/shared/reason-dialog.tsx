import type { ReactNode } from "react";
import type { FieldValues, Path } from "react-hook-form";
import { Button, type CommandForm, Dialog, FormFooter, TextAreaField } from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// Asks for the reason an action needs (cancel a visit, reject a sample, refund) in a command form whose values
// hold a `reason`. The typed reason survives a refusal: the dialog stays open with the error beside the field.

export function ReasonDialog<F extends FieldValues & { reason: string }>({
  open,
  title,
  confirm,
  onClose,
  form,
  children,
}: {
  open: boolean;
  title: string;
  confirm: string;
  onClose: () => void;
  form: CommandForm<F>;
  children?: ReactNode;
}) {
  const t = useT();
  const reason = "reason" as Path<F>;
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form className="hms-form" onSubmit={form.submit} noValidate>
        {children}
        <TextAreaField
          label={t("Reason")}
          {...form.register(reason)}
          error={form.errorOf(reason)}
          autoFocus
        />
        <FormFooter form={form} label={confirm}>
          <Button onClick={onClose}>{t("Close")}</Button>
        </FormFooter>
      </form>
    </Dialog>
  );
}
