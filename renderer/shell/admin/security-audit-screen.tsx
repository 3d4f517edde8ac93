import type { OutputOf } from "../../../api/contract.js";
import { Badge, DataTable, Panel, QueryState, useClinicQuery } from "../../components/index.js";
import { roleWord } from "../../i18n/contract-words.js";
import { formatLocale, formatNumber, i18n, msg, useT } from "../../i18n/index.js";

// The latest entries of the security audit, newest first: sign-ins, failures, locks, staff changes and refused
// calls. The full, verifiable export is the audit export's job.

type Entry = OutputOf<"securityAudit">["entries"][number];

const actionWords: Record<string, string> = {
  setup: msg("Clinic set up"),
  sign_in: msg("Signed in"),
  sign_in_failed: msg("Sign-in failed"),
  sign_out: msg("Signed out"),
  lock: msg("Screen locked"),
  unlock: msg("Unlocked"),
  unlock_failed: msg("Unlock failed"),
  staff_added: msg("Staff added"),
  role_changed: msg("Role changed"),
  staff_deactivated: msg("Staff deactivated"),
  staff_reactivated: msg("Staff reactivated"),
  password_changed: msg("Password changed"),
  password_reset: msg("Password reset"),
  settings_changed: msg("Settings changed"),
  forbidden_call: msg("Refused call"),
  device_key_created: msg("Device key created"),
  audit_exported: msg("Audit log exported"),
  audit_export_refused: msg("Audit export refused"),
  record_change_refused: msg("Change from another desk refused"),
  sync_server_restored: msg("Central server restored from an older backup"),
};

const outcomeWords: Record<string, string> = {
  ok: msg("OK"),
  refused: msg("Refused"),
  failed: msg("Failed"),
};

/** An action this screen has no words for still reads as words: "some_new_action" -> "Some new action". */
const words = (action: string) =>
  actionWords[action]
    ? i18n.t(actionWords[action])
    : action.charAt(0).toUpperCase() + action.slice(1).replaceAll("_", " ");

const when = (iso: string) =>
  new Date(iso).toLocaleString(formatLocale(), { dateStyle: "medium", timeStyle: "medium" });

const role = (r: unknown) => i18n.t(roleWord(String(r)));
const count = (n: unknown) => (typeof n === "number" ? formatNumber(n, 0) : "?");

function detailText(e: Entry): string {
  const d = e.detail as Record<string, unknown> | null;
  if (!d) return "";
  if (e.action === "forbidden_call")
    return i18n.t("{channel} (as {role})", { channel: String(d.channel), role: String(d.role) });
  if (e.action === "role_changed") return `${role(d.from)} → ${role(d.to)}`;
  if (e.action === "staff_added") return `${String(d.name)}, ${role(d.role)}`;
  // The desk forgot the sequences the restored server lost and sends its own entries again (sync/desk-store.ts).
  if (e.action === "sync_server_restored")
    return i18n.t(
      "The server's entries agree with this desk's up to number {agreed} (this desk held them up to {held}). {own} of this desk's entries are sent again; {others} from other desks wait for their desk to send them again.",
      {
        agreed: count(d.agreedUpTo),
        held: count(d.heldUpTo),
        own: count(d.ownToSendAgain),
        others: count(d.othersToWaitFor),
      },
    );
  if (typeof d.reason === "string") return d.reason;
  if (typeof d.name === "string") return d.name;
  return "";
}

export function SecurityAuditScreen() {
  const t = useT();
  const audit = useClinicQuery("securityAudit", { limit: 100 });
  return (
    <div className="hms-screen">
      <h1>{t("Security audit")}</h1>
      <Panel
        title={t("Latest 100 entries")}
        actions={
          <button
            type="button"
            className="hms-button hms-ghost hms-small"
            onClick={() => void audit.refetch()}
          >
            {t("Refresh")}
          </button>
        }
        flush
      >
        <QueryState of={audit} what="the security audit" />
        <DataTable<Entry>
          caption={t("Security audit")}
          hideCaption
          rows={audit.data?.entries ?? []}
          rowKey={(e) => e.id}
          empty={t("Nothing recorded yet.")}
          columns={[
            { header: t("When"), cell: (e) => when(e.occurredAt) },
            { header: t("What"), cell: (e) => words(e.action) },
            {
              header: t("Outcome"),
              cell: (e) => (
                <Badge tone={e.outcome === "ok" ? "ok" : "danger"}>
                  {t(outcomeWords[e.outcome] ?? e.outcome)}
                </Badge>
              ),
            },
            { header: t("Who"), cell: (e) => e.username ?? "—" },
            { header: t("Detail"), cell: (e) => detailText(e) },
          ]}
        />
      </Panel>
    </div>
  );
}
