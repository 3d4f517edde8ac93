import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clinicPaths } from "../../electron/app-paths.js";

const base = {
  userDataDir: "/home/nurse/.config/Clinic",
  resourcesPath: "/opt/Clinic/resources",
  appPath: "/opt/Clinic/resources/app.asar",
  cwd: "/media/usb",
  fileExists: () => false,
};

describe("where the desktop app keeps its data", () => {
  it("keeps the database in the user-data folder by default", () => {
    const p = clinicPaths({ ...base, env: {}, isPackaged: true });
    expect(p.dataDir).toBe("/home/nurse/.config/Clinic");
    expect(p.databaseFile).toBe(join("/home/nurse/.config/Clinic", "clinic.sqlite"));
  });

  it("lets HMS_DATA_DIR move it (tests, portable installs), relative to the working folder", () => {
    expect(
      clinicPaths({ ...base, env: { HMS_DATA_DIR: "/srv/clinic" }, isPackaged: true }).databaseFile,
    ).toBe(join("/srv/clinic", "clinic.sqlite"));
    expect(clinicPaths({ ...base, env: { HMS_DATA_DIR: "ClinicData" }, isPackaged: true }).dataDir).toBe(
      join("/media/usb", "ClinicData"),
    );
    expect(clinicPaths({ ...base, env: { HMS_DATA_DIR: "  " }, isPackaged: true }).dataDir).toBe(
      base.userDataDir,
    );
  });

  it("a packaged app takes migrations and the Electron build of better-sqlite3 from its resources", () => {
    const p = clinicPaths({ ...base, env: {}, isPackaged: true });
    expect(p.migrationsFolder).toBe(join("/opt/Clinic/resources", "migrations"));
    expect(p.nativeBinding).toBe(join("/opt/Clinic/resources", "native", "better_sqlite3.node"));
    expect(p.preloadPath).toBe(join(base.appPath, "dist-electron", "preload.cjs"));
    expect(p.rendererDir).toBe(join(base.appPath, "dist"));
  });

  it("a checkout uses db/migrations and dist-native/ when it has been rebuilt, else the default driver", () => {
    const dev = { ...base, appPath: "/work/clinic", env: {}, isPackaged: false };
    expect(clinicPaths(dev).migrationsFolder).toBe(join("/work/clinic", "db", "migrations"));
    expect(clinicPaths(dev).nativeBinding).toBeUndefined();
    const rebuilt = clinicPaths({
      ...dev,
      fileExists: (f) => f === join("/work/clinic", "dist-native", "better_sqlite3.node"),
    });
    expect(rebuilt.nativeBinding).toBe(join("/work/clinic", "dist-native", "better_sqlite3.node"));
  });
});
