// enigma.js 2.15.0 (with the ws package as its WebSocket) against a QIX engine at the URL given: open the app,
// build a hypercube, select a value and read the layout again. Prints what it saw as JSON.
// Usage: node simulator-scenario.js ws://127.0.0.1:PORT/app/Sales.qvf
const enigma = require('enigma.js');
const WebSocket = require('ws');
const schema = require('enigma.js/schemas/12.1306.0.json');

(async () => {
  const session = enigma.create({ schema, url: process.argv[2], createSocket: (url) => new WebSocket(url) });
  const global = await session.open();
  const version = await global.engineVersion();
  const doc = await global.openDoc('Sales.qvf');
  const obj = await doc.createSessionObject({
    qInfo: { qType: 'conformance' },
    qHyperCubeDef: {
      qDimensions: [{ qDef: { qFieldDefs: ['Region'] } }],
      qMeasures: [{ qDef: { qDef: 'Sum(Amount)' } }],
      qInitialDataFetch: [{ qTop: 0, qLeft: 0, qWidth: 2, qHeight: 10 }],
    },
  });
  const before = await obj.getLayout();
  let changed = 0;
  obj.on('changed', () => { changed += 1; });
  const field = await doc.getField('Region');
  await field.selectValues([{ qText: 'Iberia' }]);
  const after = await obj.getLayout();
  await session.close();
  const cells = (layout) => layout.qHyperCube.qDataPages[0].qMatrix.map((row) => row.map((cell) => cell.qText));
  process.stdout.write(JSON.stringify({
    version: version.qComponentVersion, // enigma.js returns the single out value itself
    before: cells(before),
    after: cells(after),
    changed,
  }));
})().catch((e) => { process.stderr.write(String((e && e.stack) || JSON.stringify(e))); process.exit(1); });
