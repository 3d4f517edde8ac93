import type { OutputOf } from "../../../api/contract.js";
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
import { useAddressedChoice, useAddressedTest } from "../../shell/addresses.js";
import { TestDetail } from "./test-detail.js";

type Test = OutputOf<"labWorklist">["tests"][number];

// The bench: tests by where they stand, urgent first then oldest; the chosen test's next step on the right.

const buckets = [
  { id: "collect", label: "To collect", statuses: ["ordered", "rejected"] },
  { id: "collected", label: "Collected", statuses: ["collected"] },
  { id: "in_progress", label: "In progress", statuses: ["in_progress"] },
  { id: "review", label: "To review", statuses: ["completed"] },
  { id: "approve", label: "To approve", statuses: ["reviewed"] },
  { id: "approved", label: "Approved", statuses: ["approved"] },
  { id: "reported", label: "Reported", statuses: ["reported"] },
  { id: "delivered", label: "Delivered", statuses: ["delivered"] },
] as const;

export function LabScreen() {
  useClinic();
  const live = useClinicQuery("labWorklist", { includeDone: true });
  const all = live.data?.tests ?? [];
  const [bucket, setBucket] = useAddressedChoice("status", "collect");
  const [addressed, setSelected] = useAddressedTest();
  const current = buckets.find((b) => b.id === bucket) ?? buckets[0];
  const rows = all.filter((t) => (current.statuses as readonly string[]).includes(t.status));
  const key = (t: { visitId: string; testOrderId: string }) => `${t.visitId}/${t.testOrderId}`;
  const selected = addressed ? key(addressed) : null;
  const chosen = all.find((t) => key(t) === selected) ?? null;

  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>Laboratory</h1>
      </div>
      <div className="hms-tabs" role="tablist" aria-label="Worklist by status">
        {buckets.map((b) => {
          const count = all.filter((t) => (b.statuses as readonly string[]).includes(t.status)).length;
          return (
            <button
              key={b.id}
              type="button"
              role="tab"
              className="hms-tab"
              aria-selected={bucket === b.id}
              onClick={() => setBucket(b.id)}
            >
              {b.label} <Badge tone={count ? "accent" : "neutral"}>{count}</Badge>
            </button>
          );
        })}
      </div>
      <div className="hms-columns">
        <Panel title={current.label} flush>
          <QueryState of={live} what="the lab worklist" />
          <DataTable
            caption={`Tests: ${current.label}`}
            hideCaption
            columns={[
              { header: "Token", cell: (t) => <span className="hms-token">{t.tokenNumber}</span> },
              {
                header: "Test",
                cell: (t) => (
                  <button
                    type="button"
                    className="hms-row-button"
                    aria-label={`${t.name} for ${t.patientName}`}
                    onClick={() => setSelected(t)}
                  >
                    <div className="hms-strong">{t.name}</div>
                    <div className="hms-muted hms-name" title={t.patientName ?? undefined}>
                      {t.patientName}
                    </div>
                  </button>
                ),
              },
              {
                header: "Priority",
                cell: (t) =>
                  t.priority === "normal" ? (
                    <span className="hms-muted">normal</span>
                  ) : (
                    <Badge tone="danger">{t.priority}</Badge>
                  ),
              },
              { header: "Status", cell: (t) => <LabStatusBadge status={t.status} /> },
              { header: "Ordered", cell: (t) => <Waited since={t.orderedAt} /> },
            ]}
            rows={rows}
            rowKey={key}
            selectedKey={selected}
            empty="Nothing here."
          />
        </Panel>
        {chosen ? (
          <TestDetail key={selected} test={chosen} />
        ) : (
          <Panel title="Choose a test">
            <p className="hms-muted">
              Pick a test from the worklist to collect its sample, enter, review or approve its results.
            </p>
          </Panel>
        )}
      </div>
    </div>
  );
}
