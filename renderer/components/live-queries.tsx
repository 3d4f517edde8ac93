import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import type { ClinicClient } from "../api/client.js";
import { createClinicQueryClient, invalidateOnChange } from "../api/queries.js";

// The query cache of one window, kept current by the pushes of `client`: the work screens and the waiting-room
// display each sit inside one.

export function LiveQueries({ client, children }: { client: ClinicClient; children: ReactNode }) {
  const [queries] = useState(createClinicQueryClient);
  useEffect(() => invalidateOnChange(client, queries), [client, queries]);
  return <QueryClientProvider client={queries}>{children}</QueryClientProvider>;
}
