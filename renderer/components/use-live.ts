import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError, ChannelName, InputOf, OutputOf } from "../../api/contract.js";
import { useClinic } from "./clinic-context.js";

// A query that stays current by itself: it runs when its input changes and again whenever any desk records events
// (the "events appended" push). There is no reload button anywhere. Replies that arrive out of order are dropped,
// so a slow old answer never overwrites a newer one.

export interface Live<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  refresh: () => void;
}

export function useLive<C extends ChannelName>(
  channel: C,
  input: InputOf<C> | null,
  options: { onlyVisit?: string | null } = {},
): Live<OutputOf<C>> {
  const { client } = useClinic();
  const [data, setData] = useState<OutputOf<C> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const seq = useRef(0);
  const key = input === null ? null : JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;

  const refresh = useCallback(() => {
    const current = inputRef.current;
    if (current === null) return;
    const mine = ++seq.current;
    setLoading(true);
    void client.call(channel, current).then((reply) => {
      if (mine !== seq.current) return;
      setLoading(false);
      if (reply.ok) {
        setData(reply.value);
        setError(null);
      } else setError(reply.error);
    });
  }, [client, channel]);

  useEffect(() => {
    if (key === null) {
      setData(null);
      setLoading(false);
      return;
    }
    refresh();
  }, [key, refresh]);

  const onlyVisit = options.onlyVisit ?? null;
  useEffect(
    () =>
      client.onEventsAppended((info) => {
        if (onlyVisit && !info.visitIds.includes(onlyVisit)) return;
        refresh();
      }),
    [client, refresh, onlyVisit],
  );

  return { data, error, loading, refresh };
}
