#!/usr/bin/env node
// Runs the TypeScript command straight from a checkout through tsx (a devDependency), for tests and development.
// The installed package's `clinic-hms` is the compiled dist-cli/hms.js instead (cli/build.ts), which needs no tsx.
import { register } from "tsx/esm/api";

register();
await import("./hms.ts");
