import { useEffect, useRef, useState } from 'react';
import { api, must } from '../../api/client';
import type { QueueRow } from '../../api/queries';

/**
 * The annex's queue, pushed: an EventSource on /requests/stream. EventSource cannot send a
 * header, so each opening takes a one-minute ticket (POST /requests/stream-ticket), never the
 * access token in a URL. `live` is true while the stream is open; when it fails the page polls
 * (conditionally) until a new ticket reopens it, from the last event seen; `resync` asks for the
 * list again (If-None-Match: a 304 when it did not change).
 */
export function useQueueStream(on: { row: (r: QueueRow) => void; resync: () => void }): boolean {
  const [live, setLive] = useState(false);
  const handlers = useRef(on);
  handlers.current = on;

  useEffect(() => {
    let source: EventSource | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastEventId = '';
    let backoff = 1_000;

    const open = async () => {
      try {
        const { ticket } = must(await api.POST('/api/v1/requests/stream-ticket'));
        if (closed) return;
        const query = new URLSearchParams({ ticket, ...(lastEventId ? { lastEventId } : {}) });
        source = new EventSource(`/api/v1/requests/stream?${query}`);
      } catch {
        return again();
      }
      const seen = (e: MessageEvent) => {
        if (e.lastEventId) lastEventId = e.lastEventId;
      };
      // The list may have been read before the version the stream starts from: ask again,
      // conditionally (a 304 when nothing changed in between).
      source.addEventListener('ready', (e) => {
        seen(e);
        backoff = 1_000;
        setLive(true);
        handlers.current.resync();
      });
      source.addEventListener('request', (e) => {
        seen(e);
        handlers.current.row((JSON.parse(e.data) as { request: QueueRow }).request);
      });
      source.addEventListener('resync', (e) => {
        seen(e);
        backoff = 1_000;
        setLive(true);
        handlers.current.resync();
      });
      // The browser would reconnect with the same (by then expired) ticket: take a new one instead.
      source.onerror = () => {
        source?.close();
        source = null;
        setLive(false);
        again();
      };
    };
    const again = () => {
      if (closed) return;
      retry = setTimeout(() => void open(), backoff);
      backoff = Math.min(backoff * 2, 30_000);
    };

    void open();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);

  return live;
}
