// Entry point of the timeline + composer webview: builds the UI, speaks the host protocol and
// batches incoming events so the list is drawn at most once per animation frame.

// esbuild gathers these into dist/webview/timeline.css, in this order.
import './styles/base.css';
import './styles/header.css';
import './styles/toolbar.css';
import './styles/list.css';
import './styles/detail.css';
import './styles/composer.css';
import './styles/narrow.css';
import type { TimelineEvent } from '../../../src/shared/events';
import type { HostToWebview, TimelineInfo } from '../../../src/shared/protocol/timeline';
import { Composer } from './composer';
import { ControlFrames } from './controlFrames';
import { DetailView } from './detailView';
import { h } from './dom';
import { EventStore } from './eventStore';
import { copyTextOf } from './eventText';
import { compileFilter } from './filter';
import { Header } from './header';
import { RateMeter } from './rates';
import { TimelineView } from './timelineView';
import { Toolbar } from './toolbar';
import { onHostMessage, post, request, uiState, updateUiState } from './vscodeApi';

const store = new EventStore();
const rates = new RateMeter();
const header = new Header();

const copy = (e: TimelineEvent) => {
  post({ type: 'copyText', text: copyTextOf(e) });
  toolbar.showNotice('Copied');
};
const resend = (e: TimelineEvent) =>
  void request({ type: 'resend', seq: e.seq }).then((r) => !r.ok && toolbar.showNotice(r.error, true));

const detail = new DetailView({
  onClose: () => {
    view.select(undefined);
    view.element.focus();
  },
  onCopy: copy,
  onResend: resend,
});
const view = new TimelineView(store, {
  onSelect: (e) => detail.show(e),
  onCopy: copy,
  onResend: resend,
  onFollowChange: (follow) => {
    unseen = 0;
    toolbar.setFollow(follow);
  },
});
const toolbar = new Toolbar({
  onFilter: () => scheduleFilter(),
  onRelativeMode: (mode) => {
    view.setRelativeMode(mode);
    schedule();
  },
  onFollow: (follow) => view.setFollow(follow),
});
view.setRelativeMode(uiState().relativeMode);
const controls = new ControlFrames();
const composer = new Composer(controls.element);

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
app.classList.add('wsl-app');
app.replaceChildren(header.element, toolbar.element, view.element, detail.element, composer.element);

// ------------------------------------------------------------------ batching

let pending: TimelineEvent[] = [];
let pendingDropped = 0;
let filterDirty = true;
let frame = 0;
/** Events that arrived (and pass the filter) while auto-scroll was paused. */
let unseen = 0;

function schedule(): void {
  if (!frame) frame = requestAnimationFrame(flush);
}

function scheduleFilter(): void {
  filterDirty = true;
  schedule();
}

function flush(): void {
  frame = 0;
  if (filterDirty) {
    filterDirty = false;
    const compiled = compileFilter(toolbar.spec());
    if (compiled.ok) {
      toolbar.setSearchError(undefined);
      store.setMatcher(compiled.match);
      view.setEmptyText(compiled.active ? 'No events match the filter.' : 'No events yet. Connect, then send a message below.');
    } else {
      // Keep the last good filter: a half-typed regex must not blank the list.
      toolbar.setSearchError(compiled.error);
    }
  }
  store.dropped = Math.max(store.dropped, pendingDropped);
  if (pending.length) {
    const batch = pending;
    pending = [];
    const before = store.visible.length;
    if (store.append(batch, pendingDropped) > 0) view.invalidate();
    if (!view.following) {
      unseen += Math.max(0, store.visible.length - before);
      toolbar.setUnseen(unseen);
    }
    rates.add(batch);
    if (view.selected !== undefined && store.indexOfSeq(view.selected) < 0) view.select(undefined);
  }
  header.setDropped(store.dropped, store.retention);
  toolbar.setCount(store.visible.length, store.events.length);
  view.render();
}

// ------------------------------------------------------------------ host messages

function showInfo(info: TimelineInfo): void {
  header.setInfo(info);
  if (uiState().timeline?.id !== info.id) updateUiState({ timeline: { id: info.id, side: info.side } });
  // A mock server's timeline only watches: sending belongs to a connection's timeline.
  composer.element.hidden = info.side === 'server';
  view.setCanResend(info.side !== 'server');
  detail.setCanResend(info.side !== 'server');
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'init':
      showInfo(m.info);
      header.setStats(m.stats);
      pending = [];
      pendingDropped = 0;
      store.reset(m.events, m.dropped, m.retention);
      rates.clear();
      rates.add(m.events);
      composer.setHistory(m.history);
      composer.setSavedMessages(m.savedMessages);
      view.invalidate();
      view.select(undefined);
      // reset() filtered the new events with the current filter: filtering them again would cost
      // a second pass over what can be a million events.
      schedule();
      break;
    case 'events':
      for (const e of m.events) pending.push(e);
      pendingDropped = Math.max(pendingDropped, m.dropped);
      schedule();
      break;
    case 'stats':
      header.setStats(m.stats);
      break;
    case 'info':
      showInfo(m.info);
      break;
    case 'cleared':
      pending = [];
      pendingDropped = 0;
      store.clear();
      rates.clear();
      view.invalidate();
      view.select(undefined);
      schedule();
      break;
    case 'savedMessages':
      composer.setSavedMessages(m.savedMessages);
      break;
    case 'history':
      composer.setHistory(m.history);
      break;
    case 'fileLoaded':
      composer.fileLoaded(m.name, m.base64, m.size);
      break;
  }
}

onHostMessage(handle);
setInterval(() => {
  header.tick();
  header.setRates(rates.rates());
}, 500);
schedule();
post({ type: 'ready' });
