import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CloudOff, RefreshCw, TriangleAlert } from "lucide-react";
import { useNavigate } from "react-router";
import type { OutputOf } from "../../api/contract.js";
import { clinicQueryOptions, queryKeyOf } from "../api/queries.js";
import { i18n, useT } from "../i18n/index.js";
import { useClinic } from "./clinic-context.js";
import { formatMinutes } from "./timeline.js";

// This desk's sync with the central server in one badge of the header: synced, waiting to send, offline, or in
// trouble. Clicking it syncs now; with conflicts or refused entries to resolve it opens the conflicts screen instead.
// Where the desk does not sync at all it shows nothing, unless some entries are in conflict or were refused.

type Status = OutputOf<"syncStatus">;

/** Conflicts and entries the server refused: both are listed on the conflicts screen, for a person to look at. */
const toResolveOf = (s: Status) => s.conflicts + s.rejected;

function describe(s: Status, now: number): { text: string; tone: string; icon: typeof RefreshCw } {
  if (toResolveOf(s) > 0)
    return {
      text: i18n.t("{n} to resolve", { n: toResolveOf(s) }),
      tone: "danger",
      icon: TriangleAlert,
    };
  if (s.lastError && !s.online)
    return { text: i18n.t("Offline · {n} to send", { n: s.pending }), tone: "warn", icon: CloudOff };
  if (s.clockFlagged) return { text: i18n.t("Clock is off"), tone: "warn", icon: TriangleAlert };
  if (s.pending > 0) return { text: i18n.t("{n} to send", { n: s.pending }), tone: "info", icon: RefreshCw };
  const minutes = s.lastSuccessAt ? (now - Date.parse(s.lastSuccessAt)) / 60_000 : null;
  return {
    text:
      minutes === null
        ? i18n.t("Not synced yet")
        : minutes < 1
          ? i18n.t("Synced just now")
          : i18n.t("Synced {ago} ago", { ago: formatMinutes(minutes) }),
    tone: "ok",
    icon: RefreshCw,
  };
}

export function SyncBadge() {
  const t = useT();
  const { client } = useClinic();
  const queries = useQueryClient();
  // Every push refreshes it (pending counts change); going offline records nothing, so it also looks every 30 s.
  const sync = useQuery({ ...clinicQueryOptions(client, "syncStatus", {}), refetchInterval: 30_000 });
  const navigate = useNavigate();
  const status = sync.data;
  const toResolve = status ? toResolveOf(status) : 0;
  if (!status || (!status.available && toResolve === 0)) return null;
  const d = describe(status, sync.dataUpdatedAt);
  const Icon = d.icon;
  if (toResolve > 0)
    return (
      <button
        type="button"
        className={`hms-badge hms-tone-${d.tone}`}
        style={{ border: 0, cursor: "pointer" }}
        aria-label={t("Sync: {status}. Open the conflicts", { status: d.text })}
        onClick={() => navigate("/conflicts")}
      >
        <Icon size={13} aria-hidden="true" /> {d.text}
      </button>
    );
  return (
    <button
      type="button"
      className={`hms-badge hms-tone-${d.tone}`}
      style={{ border: 0, cursor: "pointer" }}
      title={status.lastError?.message ?? status.serverUrl ?? undefined}
      aria-label={t("Sync: {status}. Sync now", { status: d.text })}
      onClick={() =>
        void client.call("syncNow", {}).then((r) => {
          if (r.ok) queries.setQueryData(queryKeyOf("syncStatus", {}), r.value);
        })
      }
    >
      <Icon size={13} aria-hidden="true" /> {d.text}
    </button>
  );
}
