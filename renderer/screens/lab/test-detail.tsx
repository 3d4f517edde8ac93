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
import { type FormEvent, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  FormError,
  LabStatusBadge,
  Panel,
  QueryState,
  TextField,
  useClinic,
  useClinicQuery,
  useCommand,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { openReport, type ResultRow, ResultsTable } from "../consultation/lab-results.js";
import { dateTimeOf } from "../shared/format.js";
import { JourneyButton } from "../shared/journey-dialog.js";
import { ReasonDialog } from "../shared/reason-dialog.js";
import { ResultsEntry, type TypedResult, toResult, typedFrom } from "./results-entry.js";

type Test = OutputOf<"labWorklist">["tests"][number];

// One test at the bench: the step its status allows next, with what that step needs. Review and approval are two
// separate steps; when the clinic asks for a second person, the router refuses the reviewer's own approval and the
// reason is shown here.

export function TestDetail({ test }: { test: Test }) {
  const t = useT();
  const { client, locale } = useClinic();
  const catalogue = useClinicQuery("testCatalogue", {});
  const entry = catalogue.data?.tests.find((c) => c.name.toLowerCase() === (test.name ?? "").toLowerCase());
  const notify = useToast();
  const ref = { visitId: test.visitId, testOrderId: test.testOrderId };
  const collect = useCommand("collectSample");
  const reject = useCommand("rejectSample");
  const start = useCommand("startTest");
  const record = useCommand("recordResult");
  const review = useCommand("reviewResult");
  const approve = useCommand("approveResult");
  const generate = useCommand("generateReport");
  const deliver = useCommand("deliverReport");
  const amend = useCommand("amendReport");
  const [rejecting, setRejecting] = useState(false);
  const [amending, setAmending] = useState(false);
  const [deliveredTo, setDeliveredTo] = useState("patient");
  const [specimen, setSpecimen] = useState(entry?.specimen ?? "");
  const [openError, setOpenError] = useState<string | null>(null);
  const [rows, setRows] = useState<TypedResult[]>(() =>
    test.results?.length
      ? (test.results as ResultRow[]).map(typedFrom)
      : (entry?.analytes ?? [{ analyte: test.name ?? t("Result") }]).map((a) => typedFrom(a)),
  );
  // The catalogue may arrive after the first render; fill the empty form from it once.
  if (
    entry &&
    rows.length === 1 &&
    rows[0]?.analyte === (test.name ?? "Result") &&
    !rows[0]?.value &&
    entry.analytes.length
  ) {
    setRows(entry.analytes.map((a) => typedFrom(a)));
  }

  const step = async (cmd: { run: (i: never) => Promise<unknown> }, input: object, done: string) => {
    if (await cmd.run(input as never)) notify(done);
  };
  const name = test.name ?? test.testOrderId;
  const who = `${test.tokenNumber ?? ""} ${test.patientName ?? ""}`.trim();
  const error =
    collect.formError ??
    start.formError ??
    review.formError ??
    approve.formError ??
    generate.formError ??
    deliver.formError ??
    openError;

  const submitResults = async (e: FormEvent) => {
    e.preventDefault();
    await step(
      record,
      { ...ref, results: rows.filter((r) => r.analyte.trim() || r.value.trim()).map(toResult) },
      t("Results of {name} entered", { name }),
    );
  };

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
      <dl className="hms-facts">
        <div>
          <dt>{t("Patient")}</dt>
          <dd className="hms-strong">{test.patientName}</dd>
        </div>
        <div>
          <dt>{t("Token")}</dt>
          <dd className="hms-token">{test.tokenNumber}</dd>
        </div>
        <div>
          <dt>{t("Priority")}</dt>
          <dd>{test.priority}</dd>
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
          onSubmit={(e) => {
            e.preventDefault();
            void step(
              collect,
              { ...ref, ...(specimen.trim() ? { specimen } : {}) },
              t("Sample for {name} collected", { name }),
            );
          }}
        >
          {test.status === "rejected" ? (
            <p className="hms-notice hms-warn">{t("The last sample was rejected; collect a new one.")}</p>
          ) : null}
          <div className="hms-form-row" style={{ alignItems: "end" }}>
            <TextField
              label={t("Specimen")}
              value={specimen}
              onChange={(e) => setSpecimen(e.target.value)}
              error={collect.fieldErrors.specimen}
            />
            <Button type="submit" variant="primary" icon={TestTube} busy={collect.busy}>
              {t("Collect sample")}
            </Button>
          </div>
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
        <form className="hms-form" onSubmit={submitResults} aria-label={t("Enter results")}>
          <QueryState of={catalogue} what="the reference ranges" />
          <ResultsEntry rows={rows} onChange={setRows} errors={record.fieldErrors} />
          <FormError message={record.formError} />
          <div className="hms-actions">
            <Button type="submit" variant="primary" busy={record.busy}>
              {t("Save results")}
            </Button>
          </div>
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
        {test.status === "completed" || test.status === "reviewed" ? (
          <Button
            variant={test.status === "reviewed" ? "primary" : "secondary"}
            icon={BadgeCheck}
            busy={approve.busy}
            onClick={() => step(approve, ref, t("{name} approved", { name }))}
          >
            {t("Approve")}
          </Button>
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
          <Button variant="ghost" icon={FilePen} onClick={() => setAmending(true)}>
            {t("Amend result…")}
          </Button>
        ) : null}
      </div>

      {test.status === "reported" ? (
        <form
          className="hms-form-row"
          style={{ alignItems: "end" }}
          aria-label={t("Deliver the report")}
          onSubmit={(e) => {
            e.preventDefault();
            void step(
              deliver,
              { ...ref, ...(deliveredTo.trim() ? { deliveredTo } : {}) },
              t("Report of {name} delivered", { name }),
            );
          }}
        >
          <TextField
            label={t("Delivered to")}
            value={deliveredTo}
            onChange={(e) => setDeliveredTo(e.target.value)}
            error={deliver.fieldErrors.deliveredTo}
          />
          <Button type="submit" variant="primary" icon={FileCheck} busy={deliver.busy}>
            {t("Mark delivered")}
          </Button>
        </form>
      ) : null}

      <FormError message={error} />

      <ReasonDialog
        open={rejecting}
        title={t("Reject the sample for {name}", { name })}
        confirm={t("Reject sample")}
        onClose={() => setRejecting(false)}
        busy={reject.busy}
        error={reject.fieldErrors.reason}
        formError={reject.formError}
        onConfirm={async (reason) => {
          if (await reject.run({ ...ref, reason })) {
            notify(t("Sample for {name} rejected", { name }));
            setRejecting(false);
          }
        }}
      />
      <ReasonDialog
        open={amending}
        title={t("Amend the result of {name}", { name })}
        confirm={t("Amend result")}
        onClose={() => setAmending(false)}
        busy={amend.busy}
        error={amend.fieldErrors.reason}
        formError={amend.formError}
        onConfirm={async (reason) => {
          const results = rows.filter((r) => r.analyte.trim() || r.value.trim()).map(toResult);
          if (await amend.run({ ...ref, reason, results })) {
            notify(t("Result of {name} amended; generate the report again", { name }));
            setAmending(false);
          }
        }}
      >
        <ResultsEntry rows={rows} onChange={setRows} errors={amend.fieldErrors} />
      </ReasonDialog>
    </Panel>
  );
}
