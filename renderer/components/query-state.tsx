import { RotateCw } from "lucide-react";
import type { ClinicCallError } from "../api/queries.js";
import { Button } from "./button.js";
import { plainWords } from "./use-command.js";

// The one way every screen says "still loading" and "this could not be loaded": placed where the data would be,
// for one query or several. An empty table under it then means empty, never "the call failed".

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  fetchStatus: "fetching" | "paused" | "idle";
  error: ClinicCallError | null;
  refetch(): unknown;
}

export function QueryState({ of, what }: { of: QueryLike | readonly QueryLike[]; what: string }) {
  const queries: readonly QueryLike[] = Array.isArray(of) ? of : [of as QueryLike];
  const failed = queries.find((q) => q.isError);
  if (failed)
    return (
      <div className="hms-form-error hms-query-error" role="alert">
        <span>
          {`Could not load ${what}. `}
          {failed.error ? plainWords(failed.error.message) : null}
        </span>
        <Button size="small" variant="ghost" icon={RotateCw} onClick={() => void failed.refetch()}>
          Try again
        </Button>
      </div>
    );
  // A query with nothing to ask yet (no visit chosen) is pending but idle: that is not loading.
  if (queries.some((q) => q.isPending && q.fetchStatus !== "idle"))
    return (
      <p className="hms-loading" role="status">
        {`Loading ${what}…`}
      </p>
    );
  return null;
}
