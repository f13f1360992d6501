// The Node clients of the wire benchmark (run by the harness, one process per run; see docs/performance.md):
//   enigma  - enigma.js 2.15.0 over ws, protocol.delta on or off;
//   node-ws - the floor: a bare ws client (JSON.stringify, send, receive, JSON.parse, complete by id).
// Usage: node --expose-gc wire-client.js CLIENT WORKLOAD MODE URL WARMUP_S MEASURE_S MIN_CALLS IDLE_SESSIONS
// Prints one line: WIREBENCH-RESULT {json} with the fields of ClientResult in the .NET harness.
'use strict';
const fs = require('fs');
const WebSocket = require('ws');

const [client, workload, mode, url, warmup, measured, minCalls, idleSessions] = process.argv.slice(2);
// RunSettings (Scenario.cs), passed by the harness.
const settings = {
  warmupSeconds: Number(warmup), measureSeconds: Number(measured), minCalls: Number(minCalls), idleSessions: Number(idleSessions),
};
const DOC_ID = 'bench.qvf';
const PAGE = { qTop: 0, qLeft: 0, qWidth: 10, qHeight: 10000 };
const PATCHED_ROW = 17; // CannedAnswers.PatchedRows[0]
const PATCHED_COLUMN = 3; // CannedAnswers.PatchedColumn

const describeLayout = (layout) => `qId=${layout.qInfo.qId} total=${layout.qHyperCube.qGrandTotalRow[0].qText}`;
const describePage = (pages) => {
  const matrix = pages[0].qMatrix;
  return `rows=${matrix.length} columns=${matrix[0].length} first=${matrix[0][0].qText} patched=${matrix[PATCHED_ROW][PATCHED_COLUMN].qText}`;
};

function peakRssBytes() {
  const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? parseInt(line.slice(6).trim(), 10) * 1024 : -1;
}

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const now = () => Number(process.hrtime.bigint()) / 1e9;

// `parallel` callers, each calling until the time is up (and at least minCalls calls in all), as WorkloadDriver.
async function loop(call, parallel, seconds, minCalls) {
  let calls = 0;
  const end = now() + seconds;
  const caller = async () => {
    while (now() < end || calls < minCalls) {
      await call();
      calls += 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, caller));
  return calls;
}

async function measure(call, check) {
  const parallel = workload === 'inflight64' ? 64 : 1;
  await loop(call, parallel, settings.warmupSeconds, 1);
  if (global.gc) global.gc();
  const cpu = cpuSeconds();
  const start = now();
  const calls = await loop(call, parallel, settings.measureSeconds, settings.minCalls);
  const seconds = now() - start;
  const cpuUsed = cpuSeconds() - cpu;
  return { calls, seconds, cpuSeconds: cpuUsed, allocatedBytes: -1, peakRssBytes: peakRssBytes(), check: await check() };
}

function openEnigma() {
  const enigma = require('enigma.js');
  const schema = require('enigma.js/schemas/12.2027.0.json');
  return enigma.create({ schema, url, createSocket: (u) => new WebSocket(u), protocol: { delta: mode !== 'off' } });
}

async function enigmaRun() {
  if (workload === 'idle') return enigmaIdle();
  const session = openEnigma();
  const globalApi = await session.open();
  const doc = await globalApi.openDoc(DOC_ID);
  let result;
  if (workload === 'page') {
    const cube = await doc.getObject('page');
    const call = () => cube.getHyperCubeData('/qHyperCubeDef', [PAGE]);
    result = await measure(call, async () => describePage(await call()));
  } else {
    const table = await doc.getObject('layout');
    const call = () => table.getLayout();
    result = await measure(call, async () => describeLayout(await call()));
  }
  await session.close();
  return result;
}

async function enigmaIdle() {
  const warm = openEnigma();
  await (await warm.open()).openDoc(DOC_ID);
  await warm.close();
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const sessions = [];
  const docs = [];
  let next = 0;
  const opener = async () => {
    while (next < settings.idleSessions) {
      next += 1;
      const session = openEnigma();
      sessions.push(session);
      docs.push(await (await session.open()).openDoc(DOC_ID));
    }
  };
  await Promise.all(Array.from({ length: 16 }, opener));
  global.gc();
  const after = process.memoryUsage().heapUsed;
  const handles = [...new Set(docs.map((d) => d.handle))];
  const result = {
    calls: 0, seconds: 0, cpuSeconds: 0, allocatedBytes: -1, peakRssBytes: peakRssBytes(),
    sessions: sessions.length, heapPerSessionBytes: (after - before) / sessions.length,
    check: `open=${docs.length} handle=${handles.join(',')}`,
  };
  await Promise.all(sessions.map((s) => s.close()));
  return result;
}

// The floor: no delta, no API objects; a map of pending calls by id.
async function wsRun() {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const pending = new Map();
  let nextId = 0;
  socket.on('message', (data) => {
    const message = JSON.parse(data);
    const resolve = pending.get(message.id);
    if (resolve !== undefined) {
      pending.delete(message.id);
      resolve(message);
    }
  });
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  const call = (handle, method, params) => new Promise((resolve) => {
    nextId += 1;
    pending.set(nextId, resolve);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: nextId, method, handle, params }));
  });
  const doc = (await call(-1, 'OpenDoc', [DOC_ID])).result.qReturn.qHandle;
  let result;
  if (workload === 'page') {
    const handle = (await call(doc, 'GetObject', ['page'])).result.qReturn.qHandle;
    const page = () => call(handle, 'GetHyperCubeData', ['/qHyperCubeDef', [PAGE]]);
    result = await measure(page, async () => describePage((await page()).result.qDataPages));
  } else {
    const handle = (await call(doc, 'GetObject', ['layout'])).result.qReturn.qHandle;
    const layout = () => call(handle, 'GetLayout', []);
    result = await measure(layout, async () => describeLayout((await layout()).result.qLayout));
  }
  socket.close(1000);
  return result;
}

(async () => {
  let result;
  if (client === 'enigma') result = await enigmaRun();
  else if (client === 'node-ws' && mode === 'off' && workload !== 'idle') result = await wsRun();
  else throw new Error(`${client} ${workload} delta ${mode} is not a Node client run`);
  process.stdout.write(`WIREBENCH-RESULT ${JSON.stringify({ client, workload, mode, sessions: 0, heapPerSessionBytes: -1, ...result })}\n`);
  process.exit(0);
})().catch((e) => { process.stderr.write(String((e && e.stack) || JSON.stringify(e))); process.exit(1); });
