// enigma.js 2.15.0 (with ws as its WebSocket) against `qixgen serve` at the URL given: engine version, open the
// app, evaluate an expression, read a hypercube, select a value and read it again. Prints what it saw as JSON.
// enigma.js and ws come from tests/QixGen.Runtime.Tests/Conformance/node (NODE_PATH points at its node_modules).
// Usage: node serve-client.js ws://127.0.0.1:PORT/app/Sales.qvf Sales.qvf
const enigma = require('enigma.js');
const WebSocket = require('ws');
const schema = require('enigma.js/schemas/12.1306.0.json');

(async () => {
  const session = enigma.create({ schema, url: process.argv[2], createSocket: (url) => new WebSocket(url) });
  const global = await session.open();
  const version = await global.engineVersion();
  const doc = await global.openDoc(process.argv[3]);
  const sum = await doc.evaluate('Sum(Amount)');
  const obj = await doc.createSessionObject({
    qInfo: { qType: 'serve-test' },
    qHyperCubeDef: {
      qDimensions: [{ qDef: { qFieldDefs: ['Country'] } }],
      qMeasures: [{ qDef: { qDef: 'Sum(Amount)' } }],
      qInitialDataFetch: [{ qTop: 0, qLeft: 0, qWidth: 2, qHeight: 10 }],
    },
  });
  const cells = (layout) => layout.qHyperCube.qDataPages[0].qMatrix.map((row) => row.map((cell) => cell.qText));
  const before = cells(await obj.getLayout());
  const field = await doc.getField('Country');
  await field.selectValues([{ qText: 'Norway' }]);
  const after = cells(await obj.getLayout());
  await session.close();
  process.stdout.write(JSON.stringify({ version: version.qComponentVersion, sum, before, after }));
})().catch((e) => { process.stderr.write(String((e && e.stack) || JSON.stringify(e))); process.exit(1); });
