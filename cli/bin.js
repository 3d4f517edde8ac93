#!/usr/bin/env node
// `npx hms ...`: runs the TypeScript CLI through tsx, so the command works straight from a clone.
import { register } from "tsx/esm/api";

register();
await import("./hms.ts");
