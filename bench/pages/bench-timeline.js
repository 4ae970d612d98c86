/* global requestAnimationFrame, MessageChannel, MutationObserver, Event */
// Helpers for benchmark 7, loaded into the timeline page: fills it with N events the way the host's
// `init` does, then scrolls and searches the way a user would, timing each step.
(function () {
  const nextTask = () => new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r(performance.now());
    ch.port2.postMessage(0);
  });
  const frame = () => new Promise((r) => requestAnimationFrame(r));

  function makeEvents(n) {
    const events = new Array(n);
    const t0 = Date.now() - n;
    for (let i = 0; i < n; i++) {
      const seq = i + 1;
      if (i % 1000 === 0) {
        events[i] = { seq, time: t0 + i, kind: 'client', action: 'connected', clientId: `c${(i % 32) + 1}`, remote: `127.0.0.1:${40000 + (i % 20000)}`, detail: '/; protocol (none); extensions (none)' };
      } else {
        const data = `{"type":"tick","seq":${seq},"symbol":"S${seq % 50}","price":${(100 + (seq % 997) / 10).toFixed(2)}}`;
        events[i] = { seq, time: t0 + i, kind: 'message', dir: seq % 2 ? 'in' : 'out', opcode: 'text', size: data.length, encoding: 'utf8', data, clientId: `c${(seq % 32) + 1}` };
      }
    }
    return events;
  }

  const countEl = () => document.querySelector('[data-testid="event-count"]');

  /** Resolves after the next change of the event count, once that frame is rendered. */
  function countChanged() {
    return new Promise((resolve) => {
      const mo = new MutationObserver(() => {
        mo.disconnect();
        nextTask().then(resolve);
      });
      mo.observe(countEl(), { childList: true, characterData: true, subtree: true });
    });
  }

  window.__bench = {
    async init(n) {
      const events = makeEvents(n);
      const changed = countChanged();
      const t0 = performance.now();
      window.postMessage({
        type: 'init',
        info: { id: 'bench', side: 'server', title: 'Mock server: bench', url: 'ws://127.0.0.1:1' },
        stats: { state: 'OPEN', messagesIn: n >> 1, messagesOut: n >> 1, bytesIn: 0, bytesOut: 0, queueLength: 0, bufferedAmount: 0 },
        events,
        dropped: 0,
        retention: n,
        savedMessages: [],
        history: [],
      }, '*');
      const t1 = await changed;
      return { openMs: t1 - t0, shown: countEl().textContent };
    },

    /** Frames of scrolling; per frame: main-thread time (rAF start → task after rendering) and interval. */
    async scroll(pattern, frames) {
      const el = document.querySelector('[data-testid="timeline"]');
      // Scrolling up pauses auto-scroll, as for a user.
      el.scrollTop = 0;
      await frame();
      await frame();
      const max = el.scrollHeight - el.clientHeight;
      let seed = 12345;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const work = [];
      const intervals = [];
      let prev;
      for (let i = 0; i < frames; i++) {
        const t0 = await frame();
        const start = performance.now();
        if (prev !== undefined) intervals.push(t0 - prev);
        prev = t0;
        // The scroll event for this position fires at the next frame, and the list renders then.
        if (pattern === 'wheel') el.scrollTop = Math.min(max, el.scrollTop + 110);
        else el.scrollTop = Math.floor(random() * max);
        const end = await nextTask();
        work.push(end - start);
      }
      const rows = document.querySelectorAll('.timeline-spacer .row').length;
      return { work, intervals, rows, scrollHeight: el.scrollHeight };
    },

    /** Types into the search box (or changes the direction filter); ms until the list shows the result. */
    async filter(kind, value) {
      const changed = countChanged();
      const t0 = performance.now();
      if (kind === 'search') {
        const input = document.querySelector('[data-testid="search"]');
        input.value = value;
        input.dispatchEvent(new Event('input'));
      } else {
        const select = document.querySelector('[data-testid="filter-direction"]');
        select.value = value;
        select.dispatchEvent(new Event('change'));
      }
      const t1 = await changed;
      return { ms: t1 - t0, shown: countEl().textContent };
    },
  };
})();
