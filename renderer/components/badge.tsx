import type { ReactNode } from "react";

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
  registered: "Registered",
  waiting: "Waiting",
  called: "Called",
  skipped: "Skipped",
  in_room: "In the room",
  consulted: "Seen",
  completed: "Completed",
  cancelled: "Cancelled",
  rescheduled: "Rescheduled",
};

export function VisitStatusBadge({ status }: { status: string }) {
  return <Badge tone={visitTones[status] ?? "neutral"}>{visitWords[status] ?? status}</Badge>;
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
  ordered: "To collect",
  rejected: "Recollect",
  collected: "Collected",
  in_progress: "In progress",
  completed: "To review",
  reviewed: "To approve",
  approved: "Approved",
  reported: "Reported",
  delivered: "Delivered",
};

export function LabStatusBadge({ status }: { status: string }) {
  return <Badge tone={labTones[status] ?? "neutral"}>{labWords[status] ?? status}</Badge>;
}

const billTones: Record<string, Tone> = { unpaid: "danger", partial: "warn", paid: "ok" };
const billWords: Record<string, string> = { unpaid: "Unpaid", partial: "Part paid", paid: "Paid" };

export function BillStatusBadge({ status }: { status: string }) {
  return <Badge tone={billTones[status] ?? "neutral"}>{billWords[status] ?? status}</Badge>;
}
