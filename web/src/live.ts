// Live updates: the API's event stream read with fetch() (EventSource cannot send the Authorization
// header), reconnecting after a pause; after every (re)connect the page reloads what it shows.
import type { Api } from './api.ts';

export interface AppointmentNotice { org_id: string; location_id: string; appointment_id: string; date: string | null; action: string }

const RETRY_MS = 2000;

/** Starts listening; returns the function that stops. */
export function listen(api: Api, onNotice: (n: AppointmentNotice) => void, onReady: () => void, onState: (live: boolean) => void): () => void {
  const abort = new AbortController();
  let timer = 0;
  const connect = async () => {
    try {
      const res = await fetch(api.url('/events'), { headers: api.headers({ accept: 'text/event-stream' }), signal: abort.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (event === 'ready') { onState(true); onReady(); }
          if (event === 'appointment' && data) onNotice(JSON.parse(data) as AppointmentNotice);
        }
      }
    } catch {
      // Aborted, refused or dropped: try again below unless stopped.
    }
    onState(false);
    if (!abort.signal.aborted) timer = window.setTimeout(connect, RETRY_MS);
  };
  void connect();
  return () => {
    abort.abort();
    clearTimeout(timer);
  };
}
