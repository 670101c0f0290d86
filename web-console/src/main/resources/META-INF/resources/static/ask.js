// The Ask page: streams the answer from /ui/ask (server-sent events relayed from query-service), then shows each
// cited passage as a source card with its verification status and an "open at source" link to the passage.
import {postJson, el, ago, problemDetail} from './console.js';
import {linkToPassage} from './fragment.js';

const STATUS = {
  verified: 'Verified live',
  cached: 'From cache',
  changed: 'Changed at source',
  gone: 'Gone',
  unreachable: 'Unreachable',
};

const form = document.getElementById('ask-form');
const answer = document.getElementById('answer');
const state = document.getElementById('answer-state');
const sources = document.getElementById('sources');
const dropped = document.getElementById('dropped');
const button = document.getElementById('ask-button');

form.addEventListener('submit', (e) => {
  e.preventDefault();
  ask(form.collection.value.trim(), form.q.value.trim());
});
if (form.dataset.autoask === 'true' && form.q.value.trim()) {
  ask(form.collection.value.trim(), form.q.value.trim());
}

async function ask(collection, question) {
  if (!question) return;
  history.replaceState(null, '', `/?collection=${encodeURIComponent(collection)}&q=${encodeURIComponent(question)}`);
  answer.replaceChildren();
  answer.className = 'answer';
  answer.setAttribute('aria-busy', 'true');
  delete answer.dataset.firstTokenMs;
  sources.replaceChildren();
  dropped.replaceChildren();
  button.disabled = true;
  state.textContent = 'Searching and re-reading the sources…';
  const started = performance.now();
  let text = '';
  let ended = false;
  try {
    const response = await postJson('/ui/ask', {question, collection});
    if (!response.ok) {
      fail(response.status === 401
        ? 'Your session has ended: sign in again (reload the page).'
        : `No answer: ${await problemDetail(response)}`);
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const {name, data} = parseEvent(buffer.substring(0, cut));
        buffer = buffer.substring(cut + 2);
        if (name === 'done') {
          ended = true;
        } else if (name === 'token') {
          if (!text) {
            answer.dataset.firstTokenMs = String(Math.round(performance.now() - started));
            state.textContent = 'Writing the answer…';
          }
          text += data.text;
          answer.textContent = text.trimStart();
        } else if (name === 'citations') {
          showAnswer(text.trim(), data);
        } else if (name === 'error') {
          fail(text ? `The answer was interrupted: ${data.detail}` : `No answer: ${data.detail}`, text);
        } else if (name === 'retrieved') {
          showRetrieved(data.hits || []);
        }
      }
    }
    if (!ended) fail('The answer stream ended before it was complete: ask again.', text);
  } catch (e) {
    fail(`The console could not be reached: ${e.message}`, text);
  } finally {
    answer.setAttribute('aria-busy', 'false');
    button.disabled = false;
  }
}

function parseEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.substring(6).trim();
    else if (line.startsWith('data:')) data.push(line.substring(5).replace(/^ /, ''));
  }
  try {
    return {name, data: JSON.parse(data.join('\n') || '{}')};
  } catch (e) {
    return {name, data: {}};
  }
}

function fail(message, partial) {
  answer.classList.add('failed');
  if (!partial) answer.textContent = '';
  answer.append(el('p', 'error', message));
  state.textContent = partial ? 'The answer is incomplete.' : 'No answer was written.';
}

/** The final answer with each [n] linked to its card, then the cards and the dropped sources. */
function showAnswer(text, data) {
  const cited = new Map((data.citations || []).map((c) => [c.n, c]));
  answer.replaceChildren();
  let last = 0;
  for (const m of text.matchAll(/\[(\d+)]/g)) {
    answer.append(document.createTextNode(text.substring(last, m.index)));
    const n = Number(m[1]);
    if (cited.has(n)) {
      const a = el('a', 'cite', `[${n}]`);
      a.href = `#source-${n}`;
      a.setAttribute('aria-label', `source ${n}: ${cited.get(n).title || cited.get(n).url}`);
      answer.append(a);
    } else {
      answer.append(document.createTextNode(m[0]));
    }
    last = m.index + m[0].length;
  }
  answer.append(document.createTextNode(text.substring(last)));
  for (const c of data.citations || []) sources.append(card(c));
  const gone = data.dropped || [];
  if (!(data.citations || []).length && !gone.length) sources.append(el('li', 'muted', 'No source was cited.'));
  if (gone.length) {
    dropped.append(el('h3', null, 'Dropped sources (not used: they could not be verified)'));
    const list = el('ul', 'dropped');
    for (const d of gone) {
      const li = el('li', `dropped-source status-${d.status}`);
      li.append(el('span', 'url', d.url), document.createTextNode(' — '), el('strong', null, STATUS[d.status] || d.status));
      list.append(li);
    }
    dropped.append(list);
  }
  const n = (data.citations || []).length;
  state.textContent = n
    ? `Answer complete, citing ${n} source${n > 1 ? 's' : ''}.`
    : 'Answer complete.';
}

function card(c) {
  const li = el('li', `card status-${c.status}`);
  li.id = `source-${c.n}`;
  li.tabIndex = -1;
  const h = el('h3');
  h.append(el('span', 'n', `[${c.n}] `), el('span', 'title', c.title || '(untitled)'));
  li.append(h);
  let site = c.url;
  try {
    site = new URL(c.url).host;
  } catch (e) { /* keep the address */ }
  li.append(el('p', 'site', site));
  if (c.passage) li.append(el('blockquote', 'passage', c.passage));
  const status = el('p', 'status');
  status.append(el('strong', 'status-label', STATUS[c.status] || c.status));
  if (c.checkedAt) {
    const t = el('time', null, ` · checked ${ago(c.checkedAt)}`);
    t.dateTime = c.checkedAt;
    status.append(t);
  }
  li.append(status);
  const open = el('a', 'open-at-source', 'Open at source');
  open.href = c.passage ? linkToPassage(c.url, c.passage) : c.url;
  open.rel = 'noreferrer';
  open.target = '_blank';
  open.setAttribute('aria-label', `Open ${c.title || c.url} at the passage (new tab)`);
  li.append(open);
  return li;
}

/** Passages found by search when no answer could be written: shown, marked as not verified. */
function showRetrieved(hits) {
  if (!hits.length) return;
  dropped.append(el('h3', null, 'Passages found (not verified: no answer was written)'));
  const list = el('ul', 'cards retrieved');
  const seen = new Set();
  for (const h of hits) {
    if (seen.has(h.url)) continue;
    seen.add(h.url);
    const li = el('li', 'card status-unverified');
    const a = el('a', null, h.title || h.url);
    a.href = h.url;
    a.rel = 'noreferrer';
    li.append(a, el('p', 'site', h.url));
    list.append(li);
  }
  dropped.append(list);
}
