import {
  keepPreviousData,
  QueryClient,
  type QueryKey,
  skipToken,
  type UseQueryOptions,
  type UseQueryResult,
} from "@tanstack/react-query";
import type { ApiError, ChannelName, InputOf, OutputOf } from "../../api/contract.js";
import type { ClinicClient, EventsAppended } from "./client.js";
import { isTouchedBy } from "./topics.js";

// Server data through TanStack Query over the one client: a query is keyed [channel, input], and stays current
// because every push (events appended, records written, here or at another desk) invalidates the queries that
// depend on what it names (topics.ts). There is no fetch loop and no reload button.

/** A refusal, kept whole (code, message, params, field) so screens can present it. */
export class ClinicCallError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
    this.name = "ClinicCallError";
  }
}

export type ClinicQuery<C extends ChannelName> = UseQueryResult<OutputOf<C>, ClinicCallError>;

export const queryKeyOf = <C extends ChannelName>(channel: C, input: InputOf<C> | null): QueryKey => [
  channel,
  input,
];

export function createClinicQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pushes say when data changed; a look again on focus covers a push missed while the stream reconnected.
        staleTime: 30_000,
        // A refusal will not change by asking again; an unreachable host may.
        retry: (count, error) =>
          error instanceof ClinicCallError && error.apiError.code === "UNREACHABLE" && count < 3,
      },
    },
  });
}

/** Invalidates the queries a push touches; returns the unsubscribe. */
export function invalidateOnChange(client: ClinicClient, queries: QueryClient): () => void {
  return client.onEventsAppended((change: EventsAppended) => {
    void queries.invalidateQueries({ predicate: (q) => isTouchedBy(q.queryKey, change) });
  });
}

/**
 * The query options for reading `channel` with `input` (null: nothing to ask yet); with useQuery it stays current
 * for as long as a screen shows it.
 */
export function clinicQueryOptions<C extends ChannelName>(
  client: ClinicClient,
  channel: C,
  input: InputOf<C> | null,
  options: { keepPrevious?: boolean } = {},
): UseQueryOptions<OutputOf<C>, ClinicCallError> {
  const ask = async (): Promise<OutputOf<C>> => {
    const reply = await client.call(channel, input as InputOf<C>);
    if (!reply.ok) throw new ClinicCallError(reply.error);
    return reply.value;
  };
  return {
    queryKey: queryKeyOf(channel, input),
    queryFn: input === null ? skipToken : ask,
    // While a search is typed the last answer stays on screen instead of a blank. Never for another visit or
    // patient: their data must not stand in for someone else's.
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  };
}
