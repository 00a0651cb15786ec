/** A minimal Server-Sent Events client on fetch: calls `onItem` with each `event: item` data, parsed. */
export interface SseClient {
  ready: Promise<void>;
  close(): void;
}

export function openSse(url: string, onItem: (data: unknown) => void): SseClient {
  const controller = new AbortController();
  let markReady: () => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  void (async () => {
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { accept: 'text/event-stream' },
      });
      if (!response.ok || !response.body)
        throw new Error(`SSE ${response.status} ${(await response.text()).slice(0, 200)}`);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (event === 'ready') markReady();
          if (event === 'item' && data.length) {
            try {
              onItem(JSON.parse(data.join('\n')));
            } catch {
              // not JSON: ignore
            }
          }
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) fail(error);
    }
  })();
  return { ready, close: () => controller.abort() };
}
