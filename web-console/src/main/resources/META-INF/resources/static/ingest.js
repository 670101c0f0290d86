// The Ingest page: starts a job through /ui/jobs and keeps a progress bar per job current until it is done.
import {postJson, el, problemDetail} from './console.js';

const form = document.getElementById('job-form');
const error = document.getElementById('job-error');
const jobs = document.getElementById('jobs');
const none = document.getElementById('no-jobs');
const POLL_MS = 1000;

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  const button = document.getElementById('job-start');
  button.disabled = true;
  try {
    const response = await postJson('/ui/jobs', {
      collection: form.collection.value.trim(),
      urls: form.urls.value,
      sitemap: form.sitemap.value.trim(),
    });
    if (!response.ok) {
      error.textContent = `The job was not started: ${await problemDetail(response)}`;
      error.hidden = false;
      return;
    }
    const job = await response.json();
    const li = el('li', 'job');
    li.dataset.job = job.jobId;
    const title = el('p', 'job-title');
    const lines = form.urls.value.split(/\s+/).filter((u) => u);
    title.append(el('strong', null, form.sitemap.value.trim() ? `sitemap ${form.sitemap.value.trim()}`
      : lines.length === 1 ? lines[0] : `${lines[0]} and ${lines.length - 1} more`));
    title.append(el('span', 'muted', ` into ${form.collection.value.trim()} · job ${job.jobId}`));
    li.append(title);
    jobs.prepend(li);
    none.hidden = true;
    form.urls.value = '';
    form.sitemap.value = '';
    follow(li);
  } catch (err) {
    error.textContent = `The console could not be reached: ${err.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
});

for (const li of jobs.querySelectorAll('li.job')) follow(li);

/** Polls one job and renders its bar until it is done. */
async function follow(li) {
  for (;;) {
    let job;
    try {
      const r = await fetch(`/ui/jobs/${encodeURIComponent(li.dataset.job)}`, {credentials: 'same-origin'});
      if (!r.ok) {
        render(li, null, await problemDetail(r));
        if (r.status === 404 || r.status === 401 || r.status === 403) return;
      } else {
        job = await r.json();
        render(li, job);
        if (job.done) return;
      }
    } catch (e) {
      render(li, null, `not reachable: ${e.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function render(li, job, problem) {
  let box = li.querySelector('.progress-box');
  if (!box) {
    box = el('div', 'progress-box');
    li.append(box);
  }
  box.replaceChildren();
  if (!job) {
    box.append(el('p', 'error', `Progress unavailable: ${problem}`));
    return;
  }
  const total = job.total;
  const finished = (job.indexed || 0) + (job.unchanged || 0) + (job.failedCount || 0);
  const bar = el('progress', 'bar');
  bar.max = total || 1;
  bar.value = total ? finished : 0;
  bar.setAttribute('aria-label', `job ${job.jobId}: ${finished} of ${total ?? '?'} pages finished`);
  const stateText = job.done ? (job.error ? 'failed' : 'done') : total === null ? 'reading the sitemap' : 'running';
  li.dataset.state = job.done ? 'done' : 'running';
  const line = el('p', 'job-counts');
  line.append(el('strong', `job-state state-${stateText.split(' ')[0]}`, stateText), document.createTextNode(
    ` · ${finished} of ${total ?? '?'} finished · queued ${job.queued ?? 0} · fetched ${job.fetched ?? 0}`
    + ` · indexed ${job.indexed ?? 0} · unchanged ${job.unchanged ?? 0} · failed ${job.failedCount ?? 0}`
    + (!job.done && job.etaSeconds != null ? ` · about ${job.etaSeconds} s left` : '')));
  box.append(bar, line);
  if (job.error) box.append(el('p', 'error', job.error));
  if (job.failed && job.failed.length) {
    const list = el('ul', 'failures');
    for (const f of job.failed) {
      const item = el('li');
      item.append(el('span', 'url', f.url), document.createTextNode(` — ${f.reason}`));
      list.append(item);
    }
    box.append(list);
  }
}
