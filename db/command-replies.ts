import type Database from "better-sqlite3";
import { statement } from "./statements.js";

// The first answer to each command sent with a command id (table command_replies). A command's row is claimed in
// the same transaction as the events (or the patient record) it writes, so a command is either recorded with its
// row or not at all; its answer is added right after.

export interface CommandRef {
  staffId: string;
  commandId: string;
  channel: string;
}

export interface StoredReply {
  channel: string;
  /** The answer's JSON, or null when the desk stopped before writing it. */
  reply: string | null;
}

export const findCommandReply = (sqlite: Database.Database, staffId: string, commandId: string) =>
  statement(sqlite, "SELECT channel, reply FROM command_replies WHERE staffId = ? AND commandId = ?").get(
    staffId,
    commandId,
  ) as StoredReply | undefined;

/** Inside the caller's transaction: the command is now recorded. A second claim by the same command is a no-op. */
export function claimCommand(sqlite: Database.Database, c: CommandRef, now: Date): void {
  statement(
    sqlite,
    `INSERT OR IGNORE INTO command_replies (staffId, commandId, channel, reply, recordedAt)
     VALUES (?, ?, ?, NULL, ?)`,
  ).run(c.staffId, c.commandId, c.channel, now.toISOString());
}

export function saveCommandReply(sqlite: Database.Database, c: CommandRef, reply: unknown, now: Date): void {
  statement(
    sqlite,
    `INSERT INTO command_replies (staffId, commandId, channel, reply, recordedAt) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (staffId, commandId) DO UPDATE SET reply = excluded.reply`,
  ).run(c.staffId, c.commandId, c.channel, JSON.stringify(reply), now.toISOString());
}
