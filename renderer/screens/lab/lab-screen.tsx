import {
  Badge,
  DataTable,
  LabStatusBadge,
  Panel,
  QueryState,
  useClinic,
  useClinicQuery,
  Waited,
} from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import { useAddressedChoice, useAddressedTest } from "../../shell/addresses.js";
import { priorityWords } from "../shared/format.js";
import { TestDetail } from "./test-detail.js";

// The bench: tests by where they stand, urgent first then oldest; the chosen test's next step on the right.

const buckets = [
  { id: "collect", label: msg("To collect"), statuses: ["ordered", "rejected"] },
  { id: "collected", label: msg("Collected"), statuses: ["collected"] },
  { id: "in_progress", label: msg("In progress"), statuses: ["in_progress"] },
  { id: "review", label: msg("To review"), statuses: ["completed"] },
  { id: "approve", label: msg("To approve"), statuses: ["reviewed"] },
  { id: "approved", label: msg("Approved"), statuses: ["approved"] },
  { id: "reported", label: msg("Reported"), statuses: ["reported"] },
  { id: "delivered", label: msg("Delivered"), statuses: ["delivered"] },
] as const;

export function LabScreen() {
  const t = useT();
  useClinic();
  const live = useClinicQuery("labWorklist", { includeDone: true });
  const all = live.data?.tests ?? [];
  const [bucket, setBucket] = useAddressedChoice("status", "collect");
  const [addressed, setSelected] = useAddressedTest();
  const current = buckets.find((b) => b.id === bucket) ?? buckets[0];
  const rows = all.filter((test) => (current.statuses as readonly string[]).includes(test.status));
  const key = (test: { visitId: string; testOrderId: string }) => `${test.visitId}/${test.testOrderId}`;
  const selected = addressed ? key(addressed) : null;
  const chosen = all.find((test) => key(test) === selected) ?? null;

  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Laboratory")}</h1>
      </div>
      <div className="hms-tabs" role="tablist" aria-label={t("Worklist by status")}>
        {buckets.map((b) => {
          const count = all.filter((test) => (b.statuses as readonly string[]).includes(test.status)).length;
          return (
            <button
              key={b.id}
              type="button"
              role="tab"
              className="hms-tab"
              aria-selected={bucket === b.id}
              onClick={() => setBucket(b.id)}
            >
              {t(b.label)} <Badge tone={count ? "accent" : "neutral"}>{count}</Badge>
            </button>
          );
        })}
      </div>
      <div className="hms-columns">
        <Panel title={t(current.label)} flush>
          <QueryState of={live} what="the lab worklist" />
          <DataTable
            caption={t("Tests: {list}", { list: t(current.label) })}
            hideCaption
            columns={[
              { header: t("Token"), cell: (test) => <span className="hms-token">{test.tokenNumber}</span> },
              {
                header: t("Test"),
                cell: (test) => (
                  <button
                    type="button"
                    className="hms-row-button"
                    aria-label={t("{test} for {name}", {
                      test: test.name ?? "",
                      name: test.patientName ?? "",
                    })}
                    onClick={() => setSelected(test)}
                  >
                    <div className="hms-strong">{test.name}</div>
                    <div className="hms-muted hms-name" dir="auto" title={test.patientName ?? undefined}>
                      {test.patientName}
                    </div>
                  </button>
                ),
              },
              {
                header: t("Priority"),
                cell: (test) =>
                  test.priority === "normal" ? (
                    <span className="hms-muted">{t(priorityWords.normal ?? "Normal")}</span>
                  ) : (
                    <Badge tone="danger">{t(priorityWords[test.priority] ?? test.priority)}</Badge>
                  ),
              },
              { header: t("Status"), cell: (test) => <LabStatusBadge status={test.status} /> },
              { header: t("Ordered"), cell: (test) => <Waited since={test.orderedAt} /> },
            ]}
            rows={rows}
            rowKey={key}
            selectedKey={selected}
            empty={t("Nothing here.")}
          />
        </Panel>
        {chosen ? (
          <TestDetail key={selected} test={chosen} />
        ) : (
          <Panel title={t("Choose a test")}>
            <p className="hms-muted">
              {t(
                "Pick a test from the worklist to collect its sample, enter, review or approve its results.",
              )}
            </p>
          </Panel>
        )}
      </div>
    </div>
  );
}
