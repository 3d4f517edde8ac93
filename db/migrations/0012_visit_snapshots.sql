-- A long visit's folded state, kept so that opening or appending to it does not replay its whole log
-- (db/visit-snapshots.ts). Keyed by the last event it folded (id, place in the canonical order); the events stored after
-- maxPosition are its tail. `hms rebuild` recomputes and compares every one.
CREATE TABLE `visit_snapshots` (
	`visitId` text PRIMARY KEY NOT NULL,
	`lastEventId` text NOT NULL,
	`lastPosition` integer NOT NULL,
	`lastServerSeq` integer,
	`maxPosition` integer NOT NULL,
	`eventCount` integer NOT NULL,
	`foldVersion` text NOT NULL,
	`fold` text NOT NULL
);
