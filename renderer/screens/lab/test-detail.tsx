import {
  BadgeCheck,
  Eye,
  FileCheck,
  FileDown,
  FilePen,
  FileText,
  Loader,
  TestTube,
  TestTubeDiagonal,
} from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  FormError,
  FormFooter,
  LabStatusBadge,
  Panel,
  QueryState,
  TextField,
  useClinic,
  useClinicQuery,
  useCommand,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { openReport, type ResultRow, ResultsTable } from "../consultation/lab-results.js";
import { dateTimeOf, priorityWords } from "../shared/format.js";
import { JourneyButton } from "../shared/journey-dialog.js";
import { PatientHeader } from "../shared/patient-header.js";
import { ReasonDialog } from "../shared/reason-dialog.js";
import { ResultsEntry, resultsOf, type TypedResult, typedFrom } from "./results-entry.js";

type Test = OutputOf<"labWorklist">["tests"][number];

// One test at the bench: the step its status allows next, with what that step needs. Review and approval are two
// separate steps: Approve is offered once a result is reviewed, and, when the clinic asks for a second person, not
// to the one who reviewed it (the router refuses that approval too).

export function TestDetail({ test }: { test: Test }) {
  const t = useT();
  const { client, locale, staff: me } = useClinic();
  const catalogue = useClinicQuery("testCatalogue", {});
  const prefs = useClinicQuery("clinicPreferences", {});
  const entry = catalogue.data?.tests.find((c) => c.name.toLowerCase() === (test.name ?? "").toLowerCase());
  const notify = useToast();
  const ref = { visitId: test.visitId, testOrderId: test.testOrderId };
  const name = test.name ?? test.testOrderId;
  const who = `${test.tokenNumber ?? ""} ${test.patientName ?? ""}`.trim();
  const start = useCommand("startTest");
  const review = useCommand("reviewResult");
  const approve = useCommand("approveResult");
  const generate = useCommand("generateReport");
  const [rejecting, setRejecting] = useState(false);
  const [amending, setAmending] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);

  // The rows the technician starts from: the results already entered, else the catalogue's analytes.
  const startingRows = (): TypedResult[] =>
    test.results?.length
      ? (test.results as ResultRow[]).map(typedFrom)
      : (entry?.analytes ?? [{ analyte: test.name ?? t("Result") }]).map((a) => typedFrom(a));

  const collect = useCommandForm("collectSample", {
    defaultValues: { specimen: entry?.specimen ?? "" },
    toInput: (f) => ({ ...ref, ...(f.specimen.trim() ? { specimen: f.specimen } : {}) }),
    onDone: () => notify(t("Sample for {name} collected", { name })),
  });
  const record = useCommandForm("recordResult", {
    defaultValues: { results: startingRows() },
    toInput: (f) => ({ ...ref, results: resultsOf(f.results) }),
    onDone: () => notify(t("Results of {name} entered", { name })),
  });
  const deliver = useCommandForm("deliverReport", {
    defaultValues: { deliveredTo: "patient" },
    toInput: (f) => ({ ...ref, ...(f.deliveredTo.trim() ? { deliveredTo: f.deliveredTo } : {}) }),
    onDone: () => notify(t("Report of {name} delivered", { name })),
  });
  const reject = useCommandForm("rejectSample", {
    defaultValues: { reason: "" },
    toInput: (f) => ({ ...ref, reason: f.reason }),
    onDone: () => {
      notify(t("Sample for {name} rejected", { name }));
      setRejecting(false);
      reject.reset();
    },
  });
  const amend = useCommandForm("amendReport", {
    defaultValues: { reason: "", results: startingRows() },
    toInput: (f) => ({ ...ref, reason: f.reason, results: resultsOf(f.results) }),
    onDone: () => {
      notify(t("Result of {name} amended; generate the report again", { name }));
      setAmending(false);
    },
  });

  // The catalogue may arrive after the first render: the empty forms take its specimen and analytes once.
  const filled = useRef(false);
  const { getValues: recordValues, reset: resetRecord } = record;
  const { getValues: collectValues, setValue: setCollect } = collect;
  useEffect(() => {
    if (!entry || filled.current) return;
    filled.current = true;
    if (!collectValues("specimen")) setCollect("specimen", entry.specimen);
    const [only, ...more] = recordValues("results");
    if (!test.results?.length && !more.length && !only?.value && entry.analytes.length)
      resetRecord({ results: entry.analytes.map((a) => typedFrom(a)) });
  }, [entry, test.results, collectValues, setCollect, recordValues, resetRecord]);

  // After each step the next one has the focus: the first primary action or field of the panel.
  const panel = useRef<HTMLDivElement>(null);
  const lastStatus = useRef(test.status);
  useEffect(() => {
    if (lastStatus.current === test.status) return;
    lastStatus.current = test.status;
    panel.current?.querySelector<HTMLElement>("form input, .hms-primary:not(:disabled)")?.focus();
  }, [test.status]);

  const step = async (cmd: { run: (i: never) => Promise<unknown> }, input: object, done: string) => {
    if (await cmd.run(input as never)) notify(done);
  };
  const error = start.formError ?? review.formError ?? approve.formError ?? generate.formError ?? openError;
  // Approval follows review; with second-person approval on, the reviewer waits for someone else.
  const mustWaitForOther = Boolean(prefs.data?.secondPersonApproval) && test.reviewedBy === me.id;

  return (
    <Panel
      title={name}
      actions={
        <div className="hms-actions">
          <LabStatusBadge status={test.status} />
          <JourneyButton visitId={test.visitId} who={who} />
        </div>
      }
    >
      <div ref={panel} className="hms-stack">
        <PatientHeader visitId={test.visitId} />
        <dl className="hms-facts">
          <div>
            <dt>{t("Token")}</dt>
            <dd className="hms-token">{test.tokenNumber}</dd>
          </div>
          <div>
            <dt>{t("Priority")}</dt>
            <dd>{t(priorityWords[test.priority] ?? test.priority)}</dd>
          </div>
          <div>
            <dt>{t("Specimen")}</dt>
            <dd>{entry?.specimen ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("Ordered")}</dt>
            <dd>{dateTimeOf(test.orderedAt, locale)}</dd>
          </div>
          {test.rejectedCount > 0 ? (
            <div>
              <dt>{t("Rejected samples")}</dt>
              <dd>{test.rejectedCount}</dd>
            </div>
          ) : null}
        </dl>

        {test.status === "ordered" || test.status === "rejected" ? (
          <form
            className="hms-form"
            aria-label={t("Collect the sample")}
            onSubmit={collect.submit}
            noValidate
          >
            {test.status === "rejected" ? (
              <p className="hms-notice hms-warn">{t("The last sample was rejected; collect a new one.")}</p>
            ) : null}
            <TextField
              label={t("Specimen")}
              {...collect.register("specimen")}
              error={collect.errorOf("specimen")}
            />
            <FormFooter form={collect} label={t("Collect sample")} icon={TestTube} />
          </form>
        ) : null}

        {test.status === "collected" ? (
          <div className="hms-actions">
            <Button
              variant="primary"
              icon={Loader}
              busy={start.busy}
              onClick={() => step(start, ref, t("{name} started", { name }))}
            >
              {t("Start test")}
            </Button>
          </div>
        ) : null}

        {test.status === "in_progress" ? (
          <form className="hms-form" onSubmit={record.submit} aria-label={t("Enter results")} noValidate>
            <QueryState of={catalogue} what="the reference ranges" />
            <ResultsEntry form={record} />
            <FormFooter form={record} label={t("Save results")} />
          </form>
        ) : null}

        {test.status === "collected" || test.status === "in_progress" ? (
          <div className="hms-actions">
            <Button variant="danger" icon={TestTubeDiagonal} onClick={() => setRejecting(true)}>
              {t("Reject sample…")}
            </Button>
          </div>
        ) : null}

        {test.results && !["ordered", "rejected", "collected", "in_progress"].includes(test.status) ? (
          <ResultsTable results={test.results as ResultRow[]} label={t("Results of {name}", { name })} />
        ) : null}

        <div className="hms-actions">
          {test.status === "completed" ? (
            <Button
              variant="primary"
              icon={Eye}
              busy={review.busy}
              onClick={() => step(review, ref, t("{name} reviewed", { name }))}
            >
              {t("Mark reviewed")}
            </Button>
          ) : null}
          {test.status === "reviewed" && !mustWaitForOther ? (
            <Button
              variant="primary"
              icon={BadgeCheck}
              busy={approve.busy}
              onClick={() => step(approve, ref, t("{name} approved", { name }))}
            >
              {t("Approve")}
            </Button>
          ) : null}
          {test.status === "reviewed" && mustWaitForOther ? (
            <p className="hms-notice hms-info">
              {t("You reviewed this result; another person approves it.")}
            </p>
          ) : null}
          {test.status === "approved" ? (
            <Button
              variant="primary"
              icon={FileText}
              busy={generate.busy}
              onClick={() => step(generate, ref, t("Report of {name} generated", { name }))}
            >
              {t("Generate report (PDF)")}
            </Button>
          ) : null}
          {test.status === "reported" || test.status === "delivered" ? (
            <Button
              icon={FileDown}
              onClick={async () => setOpenError(await openReport(client, test.visitId, test.testOrderId))}
            >
              {t("Download report")}
            </Button>
          ) : null}
          {["approved", "reported", "delivered"].includes(test.status) ? (
            <Button
              variant="ghost"
              icon={FilePen}
              onClick={() => {
                // The amendment starts from the results as they stand now.
                amend.reset({ reason: "", results: startingRows() });
                setAmending(true);
              }}
            >
              {t("Amend result…")}
            </Button>
          ) : null}
        </div>

        {test.status === "reported" ? (
          <form
            className="hms-form"
            aria-label={t("Deliver the report")}
            onSubmit={deliver.submit}
            noValidate
          >
            <TextField
              label={t("Delivered to")}
              {...deliver.register("deliveredTo")}
              error={deliver.errorOf("deliveredTo")}
            />
            <FormFooter form={deliver} label={t("Mark delivered")} icon={FileCheck} />
          </form>
        ) : null}

        <FormError message={error} />
      </div>

      <ReasonDialog
        open={rejecting}
        title={t("Reject the sample for {name}", { name })}
        confirm={t("Reject sample")}
        onClose={() => setRejecting(false)}
        form={reject}
      />
      <ReasonDialog
        open={amending}
        title={t("Amend the result of {name}", { name })}
        confirm={t("Amend result")}
        onClose={() => setAmending(false)}
        form={amend}
      >
        <ResultsEntry form={amend} />
      </ReasonDialog>
    </Panel>
  );
}
