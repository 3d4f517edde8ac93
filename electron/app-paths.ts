import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

export const DATA_DIR_ENV = "HMS_DATA_DIR";
export const DATABASE_FILE_NAME = "clinic.sqlite";

export interface ClinicPaths {
  dataDir: string;
  databaseFile: string;
  migrationsFolder: string;
  /** better-sqlite3 built for Electron's ABI; undefined means "use the default build" (dev without a rebuild). */
  nativeBinding: string | undefined;
  /** The built renderer (Vite's output), served as app://clinic/. */
  rendererDir: string;
  preloadPath: string;
  /** Where documents find their fonts; undefined means node_modules (a checkout). */
  fontsFolder: string | undefined;
}

/**
 * Where the desktop app keeps and finds things. The database lives in the OS's per-user app data folder unless
 * HMS_DATA_DIR names another (tests, portable installs on a USB stick). A packaged app finds migrations and the
 * Electron build of better-sqlite3 in its resources folder (electron-builder's extraResources); `npm start` finds
 * them in the checkout (db/migrations, dist-native/ from `npm run rebuild:native`).
 */
export function clinicPaths(host: {
  env: Record<string, string | undefined>;
  userDataDir: string;
  isPackaged: boolean;
  resourcesPath: string;
  appPath: string;
  cwd: string;
  fileExists?: (path: string) => boolean;
}): ClinicPaths {
  const exists = host.fileExists ?? existsSync;
  const override = host.env[DATA_DIR_ENV]?.trim();
  const dataDir = override
    ? isAbsolute(override)
      ? override
      : resolve(host.cwd, override)
    : host.userDataDir;
  const devNative = join(host.appPath, "dist-native", "better_sqlite3.node");
  return {
    dataDir,
    databaseFile: join(dataDir, DATABASE_FILE_NAME),
    migrationsFolder: host.isPackaged
      ? join(host.resourcesPath, "migrations")
      : join(host.appPath, "db", "migrations"),
    nativeBinding: host.isPackaged
      ? join(host.resourcesPath, "native", "better_sqlite3.node")
      : exists(devNative)
        ? devNative
        : undefined,
    fontsFolder: host.isPackaged ? join(host.resourcesPath, "fonts") : undefined,
    rendererDir: join(host.appPath, "dist"),
    preloadPath: join(host.appPath, "dist-electron", "preload.cjs"),
  };
}
