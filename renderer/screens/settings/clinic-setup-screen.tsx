import { Plus, Save } from "lucide-react";
import { useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Badge,
  Button,
  DataTable,
  FormFooter,
  Panel,
  QueryState,
  TextAreaField,
  TextField,
  useClinic,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { amountOf } from "../shared/format.js";

// The administrator's clinic setup: the test catalogue (name, price, specimen, reference ranges), departments, the
// locale money and dates are written in, and whether a result needs a second person to approve it. The clinic's
// name, currency, fee and idle lock are on the Settings screen.

type Test = OutputOf<"testCatalogue">["tests"][number];

export function ClinicSetupScreen() {
  const t = useT();
  const { money } = useClinic();
  const catalogue = useClinicQuery("testCatalogue", { includeInactive: true });
  const [editing, setEditing] = useState<Test | null>(null);
  const [version, setVersion] = useState(0);
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Clinic setup")}</h1>
      </div>
      <div className="hms-columns hms-even">
        <div className="hms-stack">
          <Panel
            title={t("Test catalogue")}
            flush
            actions={
              <Button
                size="small"
                icon={Plus}
                onClick={() =>
                  setEditing({ code: "", name: "", price: 0, specimen: "", analytes: [], active: true })
                }
              >
                {t("New test")}
              </Button>
            }
          >
            <QueryState of={catalogue} what="the test catalogue" />
            <DataTable
              caption={t("Test catalogue")}
              hideCaption
              columns={[
                { header: t("Code"), cell: (test) => <span className="hms-strong">{test.code}</span> },
                {
                  header: t("Test"),
                  cell: (test) => (
                    <button
                      type="button"
                      className="hms-row-button"
                      aria-label={t("Edit {name}", { name: test.name })}
                      onClick={() => setEditing(test)}
                    >
                      <div className="hms-strong">{test.name}</div>
                      <div className="hms-muted">
                        {test.specimen} ·{" "}
                        {t("{n, plural, one {# analyte} other {# analytes}}", { n: test.analytes.length })}
                      </div>
                    </button>
                  ),
                },
                { header: t("Price"), numeric: true, cell: (test) => money(test.price) },
                {
                  header: "",
                  cell: (test) =>
                    test.active ? <Badge tone="ok">{t("in use")}</Badge> : <Badge>{t("retired")}</Badge>,
                },
              ]}
              rows={catalogue.data?.tests ?? []}
              rowKey={(test) => test.code}
              selectedKey={editing?.code ?? null}
              empty={t("No tests in the catalogue.")}
            />
          </Panel>
          <Preferences />
        </div>
        {editing ? (
          <TestEditor
            key={`${editing.code}-${version}`}
            test={editing}
            onSaved={(tests) => {
              setEditing(tests.find((test) => test.code === editing.code.trim().toUpperCase()) ?? null);
              setVersion((v) => v + 1);
            }}
          />
        ) : (
          <Panel title={t("Edit a test")}>
            <p className="hms-muted">
              {t("Choose a test to change its price, specimen or reference ranges, or add a new one.")}
            </p>
          </Panel>
        )}
      </div>
    </div>
  );
}

/** Analytes typed one per line: "Haemoglobin | g/dL | 12 | 16" or "Malaria antigen | | Negative". */
const analyteLines = (t: Test) =>
  t.analytes
    .map((a) =>
      [
        a.analyte,
        a.unit ?? "",
        a.referenceRange ?? a.referenceLow ?? "",
        a.referenceRange ? "" : (a.referenceHigh ?? ""),
      ]
        .join(" | ")
        .replace(/( \| )+$/, ""),
    )
    .join("\n");

function parseAnalytes(text: string) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [analyte = "", unit = "", low = "", high = ""] = line.split("|").map((p) => p.trim());
      const num = (s: string) => (s !== "" && !Number.isNaN(Number(s)) ? Number(s) : undefined);
      const lo = num(low);
      const hi = num(high);
      return {
        analyte,
        ...(unit ? { unit } : {}),
        ...(lo !== undefined ? { referenceLow: lo } : {}),
        ...(hi !== undefined ? { referenceHigh: hi } : {}),
        ...(low && lo === undefined ? { referenceRange: low } : {}),
      };
    });
}

function TestEditor({ test, onSaved }: { test: Test; onSaved: (tests: Test[]) => void }) {
  const t = useT();
  const notify = useToast();
  const form = useCommandForm("saveCatalogueTest", {
    defaultValues: {
      code: test.code,
      name: test.name,
      price: test.code ? String(test.price) : "",
      specimen: test.specimen,
      analytes: analyteLines(test),
      active: test.active,
    },
    toInput: (f) => ({
      code: f.code,
      name: f.name,
      price: amountOf(f.price),
      specimen: f.specimen,
      analytes: parseAnalytes(f.analytes),
      active: f.active,
    }),
    onDone: (r, f) => {
      notify(t("{name} saved in the catalogue", { name: f.name }));
      onSaved(r.tests);
    },
  });
  return (
    <Panel title={test.code ? t("Edit {name}", { name: test.name }) : t("New test")}>
      <form className="hms-form" onSubmit={form.submit} aria-label={t("Catalogue test")} noValidate>
        <div className="hms-form-row">
          <TextField
            label={t("Code")}
            {...form.register("code")}
            error={form.errorOf("code")}
            readOnly={Boolean(test.code)}
            autoFocus={!test.code}
          />
          <TextField
            label={t("Price")}
            inputMode="decimal"
            {...form.register("price")}
            error={form.errorOf("price")}
          />
        </div>
        <TextField label={t("Test name")} {...form.register("name")} error={form.errorOf("name")} />
        <TextField label={t("Specimen")} {...form.register("specimen")} error={form.errorOf("specimen")} />
        <TextAreaField
          label={t("Analytes and reference ranges")}
          rows={5}
          {...form.register("analytes")}
          error={form.errorOf("analytes")}
          hint={t("One per line: name | unit | low | high — or name | unit | text range (e.g. Negative).")}
        />
        <label className="hms-check">
          <input type="checkbox" {...form.register("active")} />
          {t("Doctors can order this test")}
        </label>
        <FormFooter form={form} label={t("Save test")} icon={Save} />
      </form>
    </Panel>
  );
}

function Preferences() {
  const prefs = useClinicQuery("clinicPreferences", {});
  // the form is filled once, from the preferences as they first arrive
  return prefs.data ? (
    <PreferencesForm loaded={prefs.data} />
  ) : (
    <QueryState of={prefs} what="the clinic's preferences" />
  );
}

function PreferencesForm({ loaded }: { loaded: OutputOf<"clinicPreferences"> }) {
  const t = useT();
  const notify = useToast();
  const form = useCommandForm("updateClinicPreferences", {
    defaultValues: {
      locale: loaded.locale ?? "",
      departments: loaded.departments.join("\n"),
      secondPersonApproval: loaded.secondPersonApproval,
    },
    toInput: (f) => ({
      locale: f.locale.trim() ? f.locale.trim() : null,
      departments: f.departments
        .split("\n")
        .map((d) => d.trim())
        .filter(Boolean),
      secondPersonApproval: f.secondPersonApproval,
    }),
    onDone: () => notify(t("Clinic preferences saved")),
  });
  return (
    <Panel title={t("Departments, locale and lab approval")}>
      <form className="hms-form" onSubmit={form.submit} aria-label={t("Clinic preferences")} noValidate>
        <TextAreaField
          label={t("Departments")}
          rows={3}
          {...form.register("departments")}
          error={form.errorOf("departments")}
          hint={t("One per line.")}
        />
        <TextField
          label={t("Locale")}
          {...form.register("locale")}
          error={form.errorOf("locale")}
          hint={t("How money and dates are written, e.g. en-KE; empty uses each computer's own.")}
        />
        <label className="hms-check">
          <input type="checkbox" {...form.register("secondPersonApproval")} />
          {t("A result must be approved by someone other than its reviewer")}
        </label>
        <FormFooter form={form} label={t("Save preferences")} icon={Save} />
      </form>
    </Panel>
  );
}
