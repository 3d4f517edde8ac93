import { homedir } from "node:os";
import { join } from "node:path";

// Where the clinic's database lives when no --db is given: the same per-user folder the desktop app uses
// (Electron's userData for an app named "clinic-hms"), so the browser host and the app open the same file.
// HMS_DATA_DIR overrides it, as it does for the desktop app.

export const APP_FOLDER = "clinic-hms";
export const DATABASE_FILE_NAME = "clinic.sqlite";

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env.HMS_DATA_DIR?.trim();
  if (override) return override;
  if (platform === "win32") return join(env.APPDATA ?? join(homedir(), "AppData", "Roaming"), APP_FOLDER);
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), APP_FOLDER);
}

export const defaultDatabasePath = (env: NodeJS.ProcessEnv = process.env) =>
  join(defaultDataDir(env), DATABASE_FILE_NAME);
