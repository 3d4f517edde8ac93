// pino-roll ships no types; this is the part of its API the logs use.
declare module "pino-roll" {
  import type { SonicBoom, SonicBoomOpts } from "sonic-boom";

  interface PinoRollOptions extends Omit<SonicBoomOpts, "dest"> {
    file: string;
    size?: number | string;
    frequency?: number | "daily" | "hourly";
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
  }
  export default function build(options: PinoRollOptions): Promise<SonicBoom>;
}
