import { useQuery } from "@tanstack/react-query";
import type { ChannelName, InputOf } from "../../api/contract.js";
import { type ClinicQuery, clinicQueryOptions } from "../api/queries.js";
import { useClinic } from "./clinic-context.js";

// A screen's read of the clinic's data through the shell's client: the query for `channel` with `input` (null:
// nothing to ask yet), kept current by the pushes. Show its loading and error states with <QueryState>.

export function useClinicQuery<C extends ChannelName>(
  channel: C,
  input: InputOf<C> | null,
  options: { keepPrevious?: boolean } = {},
): ClinicQuery<C> {
  return useQuery(clinicQueryOptions(useClinic().client, channel, input, options));
}
