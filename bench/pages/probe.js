/* global requestAnimationFrame, PerformanceObserver */
// Loaded before the timeline bundle. Samples, at every animation frame, the newest event the list has
// drawn (rows carry data-seq; in follow mode the newest row is the last one), and records
// every animation frame's start time and long tasks. Reads only; never touches the app.
(function () {
  window.__samples = [];
  window.__frames = [];
  window.__longTasks = [];
  let lastSample = 0;
  let rows;
  const tick = (t) => {
    window.__frames.push(t);
    const now = Date.now();
    if (now - lastSample >= 0) {
      lastSample = now;
      // The rows' parent: the list keeps them in DOM order = screen order.
      rows ??= document.querySelector('[data-testid="event-row"]')?.parentElement;
      const row = rows && rows.lastElementChild;
      window.__samples.push([now, row ? Number(row.dataset.seq) || 0 : 0]);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task API: frame times still tell
  }
})();
