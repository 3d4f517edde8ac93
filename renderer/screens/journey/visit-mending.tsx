import { Eraser, Stethoscope, UserRoundCheck } from "lucide-react";
import { useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  Dialog,
  FormError,
  FormFooter,
  SelectField,
  TextAreaField,
  useClinic,
  useClinicQuery,
  useCommand,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { eventWord } from "../../i18n/contract-words.js";
import { useT } from "../../i18n/index.js";
import { mayCall } from "../../shell/navigation.js";
import { ReasonDialog } from "../shared/reason-dialog.js";

// Mending a visit from its journey, offered only to the roles the contract allows and only while the workflow
// allows it: another doctor (until the consultation is completed; with a reason once the patient was in the room),
// marking the consultation completed, and striking an entry out as entered in error, with the reason.

type Journey = OutputOf<"visitJourney">;
type Step = Journey["steps"][number];

const open = ["registered", "waiting", "called", "skipped", "in_room", "consulted"];
const withDoctor = ["in_room", "consulted"];
/** Steps that cannot be struck out: a registration (cancel the visit instead) and the corrections themselves. */
const unvoidable = ["VISIT_REGISTERED", "EVENT_VOIDED", "CONFLICT_RESOLVED"];

const inForce = (steps: readonly Step[], type: string) =>
  steps.some((s) => s.eventType === type && s.standing === "in_force");

export function VisitMending({ journey }: { journey: Journey }) {
  const t = useT();
  const { staff } = useClinic();
  const notify = useToast();
  const complete = useCommand("completeConsultation");
  const { visit, steps } = journey;
  const completed = inForce(steps, "CONSULTATION_COMPLETED");
  const canReassign = mayCall(staff.role, "assignDoctor") && open.includes(visit.status) && !completed;
  const canComplete =
    mayCall(staff.role, "completeConsultation") && withDoctor.includes(visit.status) && !completed;
  if (!canReassign && !canComplete) return null;
  return (
    <div className="hms-stack">
      <div className="hms-actions">
        {canReassign ? <ReassignDoctor journey={journey} /> : null}
        {canComplete ? (
          <Button
            size="small"
            icon={Stethoscope}
            busy={complete.busy}
            onClick={async () => {
              if (await complete.run({ visitId: visit.visitId })) notify(t("Consultation marked completed"));
            }}
          >
            {t("Mark consultation completed")}
          </Button>
        ) : null}
      </div>
      <FormError message={complete.formError} />
    </div>
  );
}

function ReassignDoctor({ journey: { visit } }: { journey: Journey }) {
  const t = useT();
  const notify = useToast();
  const doctors = useClinicQuery("doctors", {});
  const [opened, setOpened] = useState(false);
  const form = useCommandForm("assignDoctor", {
    defaultValues: { doctorId: "", reason: "" },
    toInput: (f) => ({
      visitId: visit.visitId,
      doctorId: f.doctorId,
      ...(f.reason.trim() ? { reason: f.reason } : {}),
    }),
    onDone: () => {
      setOpened(false);
      form.reset();
      notify(t("The visit now goes to another doctor"));
    },
  });
  const others = (doctors.data?.doctors ?? []).filter((d) => d.id !== visit.doctorId);
  return (
    <>
      <Button size="small" icon={UserRoundCheck} onClick={() => setOpened(true)}>
        {t("Another doctor…")}
      </Button>
      <Dialog open={opened} title={t("Another doctor for this visit")} onClose={() => setOpened(false)}>
        <form className="hms-form" onSubmit={form.submit} noValidate>
          <SelectField
            label={t("Doctor")}
            {...form.register("doctorId")}
            placeholder={t("Choose a doctor")}
            options={others.map((d) => ({ value: d.id, label: d.name }))}
            error={form.errorOf("doctorId")}
          />
          <TextAreaField
            label={t("Reason")}
            hint={
              withDoctor.includes(visit.status)
                ? t("The patient has already seen the doctor: say why.")
                : undefined
            }
            {...form.register("reason")}
            error={form.errorOf("reason")}
          />
          <FormFooter form={form} label={t("Assign")}>
            <Button onClick={() => setOpened(false)}>{t("Close")}</Button>
          </FormFooter>
        </form>
      </Dialog>
    </>
  );
}

/** "Entered in error…" under a step in force, for the roles that may void entries. */
export function VoidStep({
  step,
  visitId,
}: {
  step: Pick<Step, "id" | "eventType" | "label"> & { standing?: string };
  visitId: string;
}) {
  const t = useT();
  const { staff } = useClinic();
  const notify = useToast();
  const [opened, setOpened] = useState(false);
  const form = useCommandForm("voidEntry", {
    defaultValues: { reason: "" },
    toInput: (f) => ({ visitId, eventId: step.id, reason: f.reason }),
    onDone: () => {
      setOpened(false);
      form.reset();
      notify(t("Entry marked as entered in error"));
    },
  });
  if (
    !mayCall(staff.role, "voidEntry") ||
    step.standing !== "in_force" ||
    unvoidable.includes(step.eventType)
  )
    return null;
  const what = t(eventWord(step.eventType, step.label));
  return (
    <>
      <Button
        size="small"
        variant="ghost"
        icon={Eraser}
        aria-label={t("Mark “{entry}” as entered in error", { entry: what })}
        onClick={() => setOpened(true)}
      >
        {t("Entered in error…")}
      </Button>
      <ReasonDialog
        open={opened}
        title={t("Mark “{entry}” as entered in error", { entry: what })}
        confirm={t("Mark as entered in error")}
        onClose={() => setOpened(false)}
        form={form}
      >
        <p className="hms-muted">
          {t("The entry stays in the record, struck through, and no longer counts.")}
        </p>
      </ReasonDialog>
    </>
  );
}
