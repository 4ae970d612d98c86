// The API VS Code injects into webviews, faked: what the webview posts goes to the parent frame
// (the feeder plays the extension host) and state is kept in memory.
(function () {
  let state;
  window.__posted = [];
  window.acquireVsCodeApi = function () {
    return {
      postMessage(m) {
        window.__posted.push(m);
        if (window.parent !== window) window.parent.postMessage({ fromWebview: m }, '*');
      },
      getState: () => state,
      setState: (s) => {
        state = s;
      },
    };
  };
})();
