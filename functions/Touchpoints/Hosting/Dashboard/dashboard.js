// The dashboard reads only the pipeline's own snapshot and journey routes, relative to this page
// (served at <prefix>/dashboard/), and sends the function key the viewer typed as x-functions-key.
// The key lives in sessionStorage: it is gone when the tab closes and is never put in a URL.
'use strict';

const KEY_STORAGE = 'touchpoints.dashboard.key';
const SVG_NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#2f6fed', '#0b9e6f', '#e08a00', '#c0392b', '#7b4fd6', '#4a5568', '#00838f', '#ad1457'];
const $ = (id) => document.getElementById(id);

let lastSvgUrl = null;
let loads = 0;

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function apiUrl(path) {
  return new URL('../' + path, location.href);
}

async function api(path, as = 'json') {
  const headers = { Accept: as === 'svg' ? 'image/svg+xml' : 'application/json' };
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) headers['x-functions-key'] = key;
  const response = await fetch(apiUrl(path), { headers, cache: 'no-store' });
  if (!response.ok) {
    let detail = '';
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || '';
    } catch {
      // Not a problem document: the status says enough.
    }
    const message = response.status === 401
      ? 'The API needs the function key: enter it above and choose "Use key".'
      : `${response.status} ${detail}`.trim();
    throw new ApiError(response.status, message);
  }
  return as === 'svg' ? response.blob() : response.json();
}

function status(text, isError = false) {
  const element = $('status');
  element.textContent = text;
  element.className = isError ? 'error' : '';
}

function funnelId() {
  return $('funnel').value.trim() || 'default';
}

function snapshotPath(day, extension) {
  return `funnels/${encodeURIComponent(funnelId())}/snapshots/${day}${extension}`;
}

// Rates arrive as ratios rounded to 4 decimals; shown as percentages with one decimal.
function percent(value) {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)}%`;
}

function number(value) {
  return value === null || value === undefined ? '–' : String(value);
}

function cell(row, text, testId, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (testId) td.dataset.testid = testId;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function headerRow(table, labels) {
  const thead = table.tHead;
  thead.replaceChildren();
  const row = thead.insertRow();
  for (const label of labels) {
    const th = document.createElement('th');
    th.textContent = label;
    row.append(th);
  }
}

function slug(text) {
  return String(text).replace(/[^A-Za-z0-9_-]/g, '_');
}

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [attribute, value] of Object.entries(attributes)) element.setAttribute(attribute, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function addDays(isoDay, days) {
  const date = new Date(isoDay + 'T00:00:00Z');
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// The day view: the snapshot's own SVG, and per stage the figures, reasons to stall and survey answers.
async function showDay(day) {
  const snapshot = await api(snapshotPath(day, '.json'));
  const svg = await api(snapshotPath(day, '.svg'), 'svg');
  // An <img> of a blob: the SVG is fetched with the key, and in an image it can run nothing.
  if (lastSvgUrl) URL.revokeObjectURL(lastSvgUrl);
  lastSvgUrl = URL.createObjectURL(svg);
  $('funnel-svg').src = lastSvgUrl;
  const totals = snapshot.totals || {};
  $('day-totals').textContent = `${snapshot.date}: ${number(totals.customers)} customers, ${number(totals.active)} active that day`;
  $('day-totals').dataset.customers = number(totals.customers);

  const body = $('stages').tBodies[0];
  body.replaceChildren();
  for (const stage of snapshot.stages) {
    const row = body.insertRow();
    const id = slug(stage.name);
    cell(row, stage.name, `stage-${id}-name`);
    cell(row, number(stage.reached), `stage-${id}-reached`);
    cell(row, percent(stage.conversion), `stage-${id}-conversion`);
    cell(row, percent(stage.dropOff), `stage-${id}-dropoff`);
    const reasons = stage.dropOffReasons || { stalled: 0, movedOn: 0, reasons: [] };
    cell(row, number(reasons.stalled), `stage-${id}-stalled`);
    cell(row, number(reasons.movedOn), `stage-${id}-movedon`);
    const list = document.createElement('ul');
    list.className = 'reasons';
    for (const reason of reasons.reasons || []) {
      const item = document.createElement('li');
      item.textContent = `${reason.event} (${reason.channel}): ${reason.stalled} stalled, ${reason.movedOn} moved on`;
      list.append(item);
    }
    cell(row, '', `stage-${id}-reasons`, 'text').append(list);
    const satisfaction = stage.satisfaction || {};
    const nps = satisfaction.nps || {};
    const csat = satisfaction.csat || {};
    cell(row, nps.responses ? `${number(nps.score)} (${nps.responses})` : '–', `stage-${id}-nps`);
    cell(row, csat.responses ? `${number(csat.score)} (${csat.responses})` : '–', `stage-${id}-csat`);
  }
  showBreakdowns(snapshot);
  return snapshot;
}

function showBreakdowns(snapshot) {
  const stages = snapshot.stages.map((s) => s.name);
  const breakdowns = snapshot.breakdowns || {};
  for (const kind of ['firstTouchChannel', 'segment']) {
    const table = $(`breakdown-${kind}`);
    headerRow(table, [kind === 'segment' ? 'Segment' : 'Channel', ...stages]);
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const entry of breakdowns[kind] || []) {
      const row = body.insertRow();
      cell(row, entry.key);
      entry.reached.forEach((count, index) => cell(row, String(count), `breakdown-${kind}-${slug(entry.key)}-${slug(stages[index])}`));
    }
  }
  const conversion = breakdowns.conversionChannel;
  $('conversion-channel-title').textContent = `Converting channel${conversion ? ` (into ${conversion.stage})` : ''}`;
  const conversionBody = $('conversion-channel').tBodies[0];
  conversionBody.replaceChildren();
  for (const entry of conversion ? conversion.channels : []) {
    const row = conversionBody.insertRow();
    cell(row, entry.key);
    cell(row, String(entry.conversions), `conversion-channel-${slug(entry.key)}`);
  }

  const attributionBody = $('attribution').tBodies[0];
  attributionBody.replaceChildren();
  const attribution = snapshot.attribution;
  $('attribution').hidden = !attribution;
  for (const stage of attribution ? attribution.stages : []) {
    const row = attributionBody.insertRow();
    cell(row, stage.name);
    for (const model of ['firstTouch', 'lastTouch', 'converting']) {
      const channels = (stage[model] && stage[model].channels) || [];
      cell(row, channels.map((c) => `${c.key} ${c.customers}`).join(', ') || '–', `attribution-${slug(stage.name)}-${model}`, 'text');
    }
  }
}

// The trend view: every day of the range that has a snapshot; days never computed are listed, not drawn as zero.
async function showTrend(from, to) {
  if (to < from) throw new ApiError(400, '"To" is before "From".');
  const days = [];
  for (let day = from; day <= to && days.length < 92; day = addDays(day, 1)) days.push(day);
  const snapshots = [];
  const missing = [];
  for (const day of days) {
    try {
      snapshots.push(await api(snapshotPath(day, '.json')));
    } catch (error) {
      if (error.status !== 404) throw error;
      missing.push(day);
    }
  }
  $('trend-missing').textContent = missing.length ? `No snapshot for ${missing.join(', ')}` : '';

  const table = $('trend');
  const stages = snapshots.length ? snapshots[0].stages.map((s) => s.name) : [];
  const head = table.tHead;
  head.replaceChildren();
  const top = head.insertRow();
  const dayHeader = document.createElement('th');
  dayHeader.textContent = 'Day';
  dayHeader.rowSpan = 2;
  top.append(dayHeader);
  for (const stage of stages) {
    const th = document.createElement('th');
    th.textContent = stage;
    th.colSpan = 4;
    th.className = 'text';
    top.append(th);
  }
  const sub = head.insertRow();
  for (let i = 0; i < stages.length; i++) {
    for (const label of ['reached', 'conv.', 'dropped', 'drop-off']) {
      const th = document.createElement('th');
      th.textContent = label;
      sub.append(th);
    }
  }
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const snapshot of snapshots) {
    const row = body.insertRow();
    cell(row, snapshot.date, `trend-${snapshot.date}`);
    for (const stage of snapshot.stages) {
      const id = `trend-${snapshot.date}-${slug(stage.name)}`;
      cell(row, number(stage.reached), `${id}-reached`);
      cell(row, percent(stage.conversion), `${id}-conversion`);
      // Customers who reached the previous stage but not this one: the absolute drop-off behind the rate.
      cell(row, stage.conversion === null ? '–' : String(stage.eligible - stage.converted), `${id}-dropped`);
      cell(row, percent(stage.dropOff), `${id}-dropoff`);
    }
  }
  drawLines($('chart-reached'), snapshots, stages, (stage) => stage.reached, (v) => String(v));
  drawLines($('chart-conversion'), snapshots, stages, (stage) => stage.conversion, (v) => `${Math.round(v * 100)}%`, 1);
}

// One line per stage over the days; a null value breaks the line.
function drawLines(svg, snapshots, stages, valueOf, label, fixedMax) {
  const width = 420, height = 200, left = 40, right = 90, top = 10, bottom = 24;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const values = snapshots.flatMap((s) => s.stages.map(valueOf)).filter((v) => v !== null && v !== undefined);
  const max = fixedMax || Math.max(1, ...values);
  const x = (i) => left + (snapshots.length < 2 ? (width - left - right) / 2 : (i * (width - left - right)) / (snapshots.length - 1));
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  svg.append(svgElement('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: '#9aa5b1' }));
  svg.append(svgElement('line', { x1: left, y1: top, x2: left, y2: y(0), stroke: '#9aa5b1' }));
  svg.append(svgElement('text', { x: left - 4, y: top + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#616e7c' }, label(max)));
  svg.append(svgElement('text', { x: left - 4, y: y(0), 'text-anchor': 'end', 'font-size': 10, fill: '#616e7c' }, label(0)));
  snapshots.forEach((snapshot, i) => {
    if (snapshots.length <= 8 || i === 0 || i === snapshots.length - 1) {
      svg.append(svgElement('text', { x: x(i), y: height - 8, 'text-anchor': 'middle', 'font-size': 10, fill: '#616e7c' }, snapshot.date.slice(5)));
    }
  });
  stages.forEach((name, stageIndex) => {
    const colour = COLOURS[stageIndex % COLOURS.length];
    let path = '';
    let pen = 'M';
    snapshots.forEach((snapshot, i) => {
      const value = valueOf(snapshot.stages[stageIndex]);
      if (value === null || value === undefined) {
        pen = 'M';
        return;
      }
      path += `${pen}${x(i).toFixed(1)},${y(value).toFixed(1)} `;
      pen = 'L';
      const dot = svgElement('circle', { cx: x(i).toFixed(1), cy: y(value).toFixed(1), r: 2.5, fill: colour });
      dot.append(svgElement('title', {}, `${name} ${snapshot.date}: ${label(value)}`));
      svg.append(dot);
    });
    if (path) svg.append(svgElement('path', { d: path.trim(), fill: 'none', stroke: colour, 'stroke-width': 2, 'data-stage': name }));
    svg.append(svgElement('text', { x: width - right + 6, y: top + 10 + stageIndex * 13, 'font-size': 10, fill: colour }, name));
  });
}

// The customer view: every page of the timeline, the journey's stages and touchpoints on one time line.
async function showCustomer(id) {
  let page = null;
  let firstPage = null;
  const timeline = [];
  do {
    const query = `journeys?id=${encodeURIComponent(id)}&pageSize=500${page ? `&page=${encodeURIComponent(page)}` : ''}`;
    const answer = await api(query);
    firstPage = firstPage || answer;
    timeline.push(...answer.timeline);
    page = answer.nextPage;
  } while (page && timeline.length < 5000);
  timeline.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  const journey = firstPage.journeys.find((j) => j.funnel === funnelId()) || firstPage.journeys[0];

  const summary = $('customer-summary');
  summary.replaceChildren();
  const facts = [
    ['Customer', firstPage.resolvedCustomerId, 'customer-resolved'],
    ['Furthest stage', journey && journey.furthestStage, 'customer-furthest'],
    ['Touchpoints', journey && journey.touchCount, 'customer-touchcount'],
    ['First touch', journey && journey.firstTouchChannel, 'customer-first-channel'],
    ['Last touch', journey && journey.lastTouchChannel, 'customer-last-channel'],
    ['Converting channel', journey && journey.convertingChannel, 'customer-converting-channel'],
    ['Segment', journey && journey.segment, 'customer-segment'],
    ['NPS', journey && journey.nps, 'customer-nps'],
    ['CSAT', journey && journey.csat, 'customer-csat'],
  ];
  for (const [term, value, testId] of facts) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = number(value);
    dd.dataset.testid = testId;
    summary.append(dt, dd);
  }

  const body = $('customer-touchpoints').tBodies[0];
  body.replaceChildren();
  timeline.forEach((touchpoint, i) => {
    const row = body.insertRow();
    row.dataset.testid = `touchpoint-${i}`;
    cell(row, touchpoint.timestamp.replace('T', ' ').replace('Z', ''), `touchpoint-${i}-time`);
    cell(row, touchpoint.type, `touchpoint-${i}-type`, 'text');
    cell(row, touchpoint.event || (touchpoint.properties && touchpoint.properties.name) || '', `touchpoint-${i}-event`, 'text');
    cell(row, touchpoint.channel, `touchpoint-${i}-channel`, 'text');
    const answers = [];
    if (touchpoint.nps !== undefined) answers.push(`NPS ${touchpoint.nps}`);
    if (touchpoint.csat !== undefined) answers.push(`CSAT ${touchpoint.csat}`);
    cell(row, answers.join(', '), `touchpoint-${i}-survey`, 'text');
  });
  drawJourneyMap($('customer-map'), journey, timeline);
}

// Stages are lanes (first stage at the top); each touchpoint is a dot at its time, each stage's reach a diamond.
function drawJourneyMap(svg, journey, timeline) {
  const width = 900, left = 110, right = 20, top = 12, lane = 30;
  const stages = journey ? journey.stages : [];
  const height = top + lane * (stages.length + 1) + 24;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('height', height);
  svg.replaceChildren();
  const times = timeline.map((t) => Date.parse(t.timestamp));
  for (const stage of stages) if (stage.reachedAt) times.push(Date.parse(stage.reachedAt));
  if (!times.length) return;
  const start = Math.min(...times), end = Math.max(...times);
  const x = (time) => left + (end === start ? (width - left - right) / 2 : ((time - start) * (width - left - right)) / (end - start));
  const laneY = (index) => top + lane * index + lane / 2;
  stages.forEach((stage, index) => {
    svg.append(svgElement('line', { x1: left, y1: laneY(index), x2: width - right, y2: laneY(index), stroke: '#d9e2ec' }));
    svg.append(svgElement('text', { x: left - 8, y: laneY(index) + 4, 'text-anchor': 'end', 'font-size': 11, fill: stage.reachedAt ? '#1f2933' : '#9aa5b1' }, stage.name));
    if (stage.first && stage.last) {
      svg.append(svgElement('line', { x1: x(Date.parse(stage.first)), y1: laneY(index), x2: x(Date.parse(stage.last)), y2: laneY(index), stroke: COLOURS[index % COLOURS.length], 'stroke-width': 6, 'stroke-linecap': 'round', opacity: 0.35 }));
    }
    if (stage.reachedAt) {
      const cx = x(Date.parse(stage.reachedAt)), cy = laneY(index);
      const diamond = svgElement('path', { d: `M${cx},${cy - 7} L${cx + 7},${cy} L${cx},${cy + 7} L${cx - 7},${cy} Z`, fill: COLOURS[index % COLOURS.length], 'data-stage': stage.name });
      diamond.append(svgElement('title', {}, `${stage.name} reached ${stage.reachedAt}`));
      svg.append(diamond);
    }
  });
  const touchLane = laneY(stages.length);
  svg.append(svgElement('text', { x: left - 8, y: touchLane + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#1f2933' }, 'touchpoints'));
  svg.append(svgElement('line', { x1: left, y1: touchLane, x2: width - right, y2: touchLane, stroke: '#9aa5b1' }));
  timeline.forEach((touchpoint) => {
    const dot = svgElement('circle', { cx: x(Date.parse(touchpoint.timestamp)).toFixed(1), cy: touchLane, r: 5, fill: touchpoint.nps !== undefined || touchpoint.csat !== undefined ? '#e08a00' : '#2f6fed', 'data-touchpoint': touchpoint.messageId });
    dot.append(svgElement('title', {}, `${touchpoint.timestamp} ${touchpoint.event || touchpoint.type} via ${touchpoint.channel}`));
    svg.append(dot);
  });
  svg.append(svgElement('text', { x: left, y: height - 6, 'font-size': 10, fill: '#616e7c' }, new Date(start).toISOString().replace('.000Z', 'Z')));
  svg.append(svgElement('text', { x: width - right, y: height - 6, 'font-size': 10, 'text-anchor': 'end', fill: '#616e7c' }, new Date(end).toISOString().replace('.000Z', 'Z')));
}

// Runs one view, reports its outcome in the status line, and counts finished loads (the tests wait on the count).
async function run(what, action) {
  document.body.dataset.busy = 'true';
  status(`Loading ${what}…`);
  try {
    await action();
    status(`Showing ${what}.`);
  } catch (error) {
    status(error instanceof ApiError ? error.message : `Failed: ${error.message}`, true);
  } finally {
    document.body.dataset.busy = 'false';
    document.body.dataset.loads = String(++loads);
  }
}

async function start() {
  await run('the newest snapshot', async () => {
    const latest = await api(snapshotPath('latest', ''));
    $('day').value = latest.date;
    $('trend-to').value = latest.date;
    $('trend-from').value = addDays(latest.date, -6);
    await showDay(latest.date);
    await showTrend($('trend-from').value, latest.date);
  });
}

document.addEventListener('DOMContentLoaded', () => {
  $('settings').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('key').value.trim();
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
    $('key').value = '';
    start();
  });
  $('day-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(`the funnel of ${$('day').value}`, () => showDay($('day').value));
  });
  $('trend-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(`trends from ${$('trend-from').value} to ${$('trend-to').value}`, () => showTrend($('trend-from').value, $('trend-to').value));
  });
  $('customer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run(`customer ${$('customer-id').value}`, () => showCustomer($('customer-id').value.trim()));
  });
  start();
});
