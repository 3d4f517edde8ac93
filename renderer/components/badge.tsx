import type { ReactNode } from "react";
import { msg, useT } from "../i18n/index.js";

export type Tone = "neutral" | "ok" | "warn" | "danger" | "info" | "accent";

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`hms-badge hms-tone-${tone}`}>{children}</span>;
}

const visitTones: Record<string, Tone> = {
  registered: "neutral",
  waiting: "info",
  called: "accent",
  skipped: "warn",
  in_room: "accent",
  consulted: "info",
  completed: "ok",
  cancelled: "danger",
  rescheduled: "warn",
};

const visitWords: Record<string, string> = {
  registered: msg("Registered"),
  waiting: msg("Waiting"),
  called: msg("Called"),
  skipped: msg("Skipped"),
  in_room: msg("In the room"),
  consulted: msg("Seen"),
  completed: msg("Completed"),
  cancelled: msg("Cancelled"),
  rescheduled: msg("Rescheduled"),
};

export function VisitStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={visitTones[status] ?? "neutral"}>{t(visitWords[status] ?? status)}</Badge>;
}

const labTones: Record<string, Tone> = {
  ordered: "info",
  rejected: "danger",
  collected: "accent",
  in_progress: "accent",
  completed: "warn",
  reviewed: "warn",
  approved: "ok",
  reported: "ok",
  delivered: "neutral",
};

export const labWords: Record<string, string> = {
  ordered: msg("To collect"),
  rejected: msg("Recollect"),
  collected: msg("Collected"),
  in_progress: msg("In progress"),
  completed: msg("To review"),
  reviewed: msg("To approve"),
  approved: msg("Approved"),
  reported: msg("Reported"),
  delivered: msg("Delivered"),
};

export function LabStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={labTones[status] ?? "neutral"}>{t(labWords[status] ?? status)}</Badge>;
}

const billTones: Record<string, Tone> = { unpaid: "danger", partial: "warn", paid: "ok" };
const billWords: Record<string, string> = {
  unpaid: msg("Unpaid"),
  partial: msg("Part paid"),
  paid: msg("Paid"),
};

export function BillStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge tone={billTones[status] ?? "neutral"}>{t(billWords[status] ?? status)}</Badge>;
}
