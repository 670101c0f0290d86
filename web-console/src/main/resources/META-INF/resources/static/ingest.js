// The Ingest page: lists the recent jobs of the key's collections (/ui/jobs), starts a job through /ui/jobs and
// keeps a progress bar per running job current until it is done.
import {postJson, el, problemDetail} from './console.js';

const form = document.getElementById('job-form');
const error = document.getElementById('job-error');
const jobs = document.getElementById('jobs');
const status = document.getElementById('jobs-status');
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
    const lines = form.urls.value.split(/\s+/).filter((u) => u);
    const label = form.sitemap.value.trim() ? `sitemap ${form.sitemap.value.trim()}`
      : lines.length === 1 ? lines[0] : `${lines[0]} and ${lines.length - 1} more`;
    const li = item(job.jobId, label, form.collection.value.trim(), Date.now());
    jobs.prepend(li);
    status.hidden = true;
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

loadRecent();

/** Lists the newest jobs (from ingest-service, whoever started them) and follows those still running. */
async function loadRecent() {
  try {
    const r = await fetch('/ui/jobs', {credentials: 'same-origin'});
    if (!r.ok) {
      status.textContent = `The recent jobs are unavailable: ${await problemDetail(r)}`;
      return;
    }
    const listed = (await r.json()).jobs || [];
    for (const job of listed) {
      if (jobs.querySelector(`li[data-job="${CSS.escape(job.jobId)}"]`)) continue; // started meanwhile
      const li = item(job.jobId, `Job ${job.jobId.substring(0, 8)}`, job.collection, job.createdAt);
      jobs.append(li);
      render(li, job);
      if (!job.done) follow(li);
    }
    status.textContent = jobs.children.length ? '' : 'No job yet in your collections.';
    status.hidden = jobs.children.length > 0;
  } catch (e) {
    status.textContent = `The console could not be reached: ${e.message}`;
  }
}

/** A job's list item: its label, collection, id and start time. */
function item(jobId, label, collection, createdAt) {
  const li = el('li', 'job');
  li.dataset.job = jobId;
  const title = el('p', 'job-title');
  const started = new Date(createdAt);
  title.append(el('strong', null, label),
    el('span', 'muted', ` into ${collection} · started ${started.toISOString().substring(0, 19).replace('T', ' ')} UTC`
      + ` · job ${jobId}`));
  li.append(title);
  return li;
}

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

/** "about 2 min 5 s left" from the frontier's estimate, in seconds. */
function timeLeft(seconds) {
  if (seconds < 60) return `about ${seconds} s left`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `about ${m} min ${seconds % 60} s left` : `about ${Math.floor(m / 60)} h ${m % 60} min left`;
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
    + ` · indexed ${job.indexed ?? 0} · unchanged ${job.unchanged ?? 0} · failed ${job.failedCount ?? 0}`));
  if (!job.done && job.etaSeconds != null) {
    line.append(document.createTextNode(' · '), el('span', 'job-eta', timeLeft(job.etaSeconds)));
  }
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
