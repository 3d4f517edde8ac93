import { RotateCw } from "lucide-react";
import type { ClinicCallError } from "../api/queries.js";
import { useT } from "../i18n/index.js";
import { refusalText } from "../i18n/refusals.js";
import { Button } from "./button.js";
import { plainWords } from "./use-command.js";

// The one way every screen says "still loading" and "this could not be loaded": placed where the data would be,
// for one query or several. An empty table under it then means empty, never "the call failed". `what` is a
// message marked with msg() ("the bills"), read in the screen's language.

interface QueryLike {
  isPending: boolean;
  isError: boolean;
  fetchStatus: "fetching" | "paused" | "idle";
  error: ClinicCallError | null;
  refetch(): unknown;
}

export function QueryState({ of, what }: { of: QueryLike | readonly QueryLike[]; what: string }) {
  const t = useT();
  const queries: readonly QueryLike[] = Array.isArray(of) ? of : [of as QueryLike];
  const failed = queries.find((q) => q.isError);
  if (failed)
    return (
      <div className="hms-form-error hms-query-error" role="alert">
        <span>
          {t("Could not load {what}.", { what: t(what) })}{" "}
          {failed.error?.apiError ? plainWords(refusalText(t, failed.error.apiError)) : failed.error?.message}
        </span>
        <Button size="small" variant="ghost" icon={RotateCw} onClick={() => void failed.refetch()}>
          {t("Try again")}
        </Button>
      </div>
    );
  // A query with nothing to ask yet (no visit chosen) is pending but idle: that is not loading.
  if (queries.some((q) => q.isPending && q.fetchStatus !== "idle"))
    return (
      <p className="hms-loading" role="status">
        {t("Loading {what}…", { what: t(what) })}
      </p>
    );
  return null;
}
