import { FileDown, Share2, Upload } from "lucide-react";
import { type FormEvent, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  FormError,
  FormFooter,
  QueryState,
  SelectField,
  TextField,
  useClinic,
  useClinicQuery,
  useCommand,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import { dateTimeOf } from "../shared/format.js";

// The visit's documents: attach a file (a referral letter, an outside result, a scan), see what is on the visit
// (uploads and the lab's report PDFs) with size, time and who it was shared with, share one, open one. The API
// checks every rule (size, name, open visit); this screen only saves a 10 MB upload the trip when it is too big.

type VisitDocument = OutputOf<"visitDocuments">["documents"][number];

const MAX_BYTES = 10 * 1024 * 1024;
const recipients = [
  { value: "Patient", label: msg("Patient") },
  { value: "Referral", label: msg("Referral (receiving clinician)") },
  { value: "other", label: msg("Someone else…") },
];

export const sizeOf = (n: number | null) =>
  n === null
    ? "—"
    : n < 1024
      ? `${n} B`
      : n < 1048576
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1048576).toFixed(1)} MB`;

/** Base64 in slices: one String.fromCharCode over megabytes of bytes overflows the call stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function VisitDocuments({ visitId }: { visitId: string }) {
  const t = useT();
  const live = useClinicQuery("visitDocuments", { visitId });
  const documents = live.data?.documents ?? [];
  return (
    <div className="hms-stack">
      <UploadForm visitId={visitId} />
      <QueryState of={live} what="the documents" />
      {!live.isSuccess ? null : documents.length === 0 ? (
        <p className="hms-muted">{t("No documents on this visit yet.")}</p>
      ) : (
        <DocumentList visitId={visitId} documents={documents} />
      )}
      {documents.some((d) => d.kind === "upload") ? (
        <ShareForm visitId={visitId} documents={documents.filter((d) => d.kind === "upload")} />
      ) : null}
    </div>
  );
}

function UploadForm({ visitId }: { visitId: string }) {
  const t = useT();
  const upload = useCommand("uploadDocument", { INVALID_DOCUMENT: "file" });
  const notify = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setTooBig(t("Choose a file to attach."));
    if (file.size > MAX_BYTES)
      return setTooBig(
        t("{file} is {size}; files up to 10 MB can be attached.", {
          file: file.name,
          size: sizeOf(file.size),
        }),
      );
    setTooBig(null);
    const r = await upload.run({
      visitId,
      fileName: file.name,
      mimeType: file.type || "application/octet-stream",
      contentBase64: await base64Of(file),
    });
    if (r) {
      notify(t("{file} attached to the visit", { file: file.name }));
      setFile(null);
      setInputKey((k) => k + 1);
    }
  };
  return (
    <form className="hms-form" onSubmit={submit} aria-label={t("Attach a document")}>
      <div className="hms-form-row">
        <TextField
          key={inputKey}
          label={t("File to attach")}
          type="file"
          hint={t("Any file up to 10 MB: a letter, a scan, an outside result.")}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setTooBig(null);
          }}
          error={tooBig ?? upload.fieldErrors.file ?? upload.fieldErrors.fileName}
        />
      </div>
      <FormError message={upload.formError} />
      <div className="hms-actions">
        <Button type="submit" variant="primary" icon={Upload} busy={upload.busy}>
          {t("Upload document")}
        </Button>
      </div>
    </form>
  );
}

function DocumentList({ visitId, documents }: { visitId: string; documents: VisitDocument[] }) {
  const t = useT();
  const { client } = useClinic();
  const [openError, setOpenError] = useState<string | null>(null);
  const open = async (d: VisitDocument) => {
    const r = await client.call("documentFile", { visitId, documentId: d.documentId });
    if (!r.ok) return setOpenError(r.error.message);
    setOpenError(null);
    const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: r.value.mimeType }));
    const a = document.createElement("a");
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <>
      <div className="hms-table-wrap">
        <table className="hms-table" aria-label={t("Documents of this visit")}>
          <thead>
            <tr>
              <th scope="col">{t("Document")}</th>
              <th scope="col">{t("Size")}</th>
              <th scope="col">{t("Stored")}</th>
              <th scope="col">{t("Shared with")}</th>
              <th scope="col">
                <span className="hms-visually-hidden">{t("Open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.documentId}>
                <td>
                  <span className="hms-strong">{d.fileName}</span>
                  {d.kind === "lab-report" ? <span className="hms-muted"> · lab report</span> : null}
                </td>
                <td>{sizeOf(d.fileSize)}</td>
                <td>
                  {dateTimeOf(d.storedAt)}
                  {d.storedBy ? <span className="hms-muted"> · {d.storedBy}</span> : null}
                </td>
                <td>
                  {d.shares.length === 0 ? (
                    <span className="hms-muted">{t("Not shared")}</span>
                  ) : (
                    d.shares.map((s) => (
                      <div key={`${s.sharedAt}-${s.sharedWith}`}>
                        {s.sharedWith}{" "}
                        <span className="hms-muted">
                          {dateTimeOf(s.sharedAt)}
                          {s.sharedBy ? ` · ${s.sharedBy}` : ""}
                        </span>
                      </div>
                    ))
                  )}
                </td>
                <td>
                  <Button
                    size="small"
                    variant="ghost"
                    icon={FileDown}
                    aria-label={t("Open {file}", { file: d.fileName })}
                    onClick={() => void open(d)}
                  >
                    {t("Open")}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError message={openError} />
    </>
  );
}

function ShareForm({ visitId, documents }: { visitId: string; documents: VisitDocument[] }) {
  const t = useT();
  const notify = useToast();
  // Until a document is picked, the form shares the newest one, and follows a new upload.
  const latest = documents.at(-1)?.documentId ?? "";
  const whom = (f: ShareValues) => (f.to === "other" ? f.sharedWith : f.to);
  const form = useCommandForm("shareDocument", {
    defaultValues: { documentId: "", to: "Patient", sharedWith: "" } as ShareValues,
    toInput: (f) => ({ visitId, documentId: f.documentId || latest, sharedWith: whom(f) }),
    onDone: (_shared, f) => {
      const chosen = f.documentId || latest;
      const name = documents.find((d) => d.documentId === chosen)?.fileName ?? t("Document");
      notify(t("{file} shared with {whom}", { file: name, whom: whom(f) }));
      form.setValue("sharedWith", "");
    },
  });
  const to = form.watch("to");
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Share a document")} noValidate>
      <div className="hms-form-row">
        <SelectField
          label={t("Document to share")}
          value={form.watch("documentId") || latest}
          onChange={(e) => form.setValue("documentId", e.target.value)}
          options={documents.map((d) => ({ value: d.documentId, label: d.fileName }))}
          error={form.errorOf("documentId")}
        />
        <SelectField
          label={t("Share with")}
          {...form.register("to")}
          options={recipients.map((r) => ({ ...r, label: t(r.label) }))}
        />
        {to === "other" ? (
          <TextField
            label={t("Who receives it")}
            {...form.register("sharedWith")}
            error={form.errorOf("sharedWith")}
          />
        ) : null}
      </div>
      <FormFooter form={form} label={t("Share document")} icon={Share2} />
    </form>
  );
}

interface ShareValues {
  documentId: string;
  to: string;
  sharedWith: string;
}
