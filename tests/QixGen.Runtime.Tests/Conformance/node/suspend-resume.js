// Drives enigma.js 2.15.0 through open -> OpenDoc -> GetObject/GetDimension/GetField -> suspend -> resume against
// scripted engines (no network), and prints the frames enigma.js sent to the engine after the resume, as JSON.
// Usage: node suspend-resume.js <attached|created-active|created-no-active>
const enigma = require('enigma.js');
const schema = require('enigma.js/schemas/12.1306.0.json');

const scenario = process.argv[2] || 'created-no-active';

function engine(sessionState, activeDoc, log) {
  let nextHandle = 0;
  return class FakeSocket {
    constructor() {
      this.OPEN = 1; // enigma.js compares readyState with socket.OPEN
      this.readyState = 0;
      setTimeout(() => {
        this.readyState = 1;
        this.onopen && this.onopen();
        this.push({ jsonrpc: '2.0', method: 'OnConnected', params: { qSessionState: sessionState } });
      }, 0);
    }
    push(msg) { setTimeout(() => this.onmessage && this.onmessage({ data: JSON.stringify(msg) }), 0); }
    send(text) {
      const req = JSON.parse(text);
      log.push({ method: req.method, handle: req.handle, params: req.params });
      const object = (type, id) => ({ jsonrpc: '2.0', id: req.id, result: { qReturn: { qType: type, qHandle: ++nextHandle, qGenericId: id } } });
      switch (req.method) {
        case 'OpenDoc': return this.push(object('Doc', req.params[0]));
        case 'GetActiveDoc':
          return this.push(activeDoc ? object('Doc', activeDoc) : { jsonrpc: '2.0', id: req.id, error: { code: 1007, message: 'No active document' } });
        case 'GetObject': return this.push(object('GenericObject', req.params[0]));
        case 'GetDimension': return this.push(object('GenericDimension', req.params[0]));
        case 'GetField': return this.push(object('Field', undefined));
        default: return this.push({ jsonrpc: '2.0', id: req.id, result: {} });
      }
    }
    close(code, reason) {
      this.readyState = 3;
      setTimeout(() => this.onclose && this.onclose({ code, reason }), 0);
    }
  };
}

(async () => {
  const first = [];
  const second = [];
  const engines = [
    engine('SESSION_CREATED', null, first),
    scenario === 'attached' ? engine('SESSION_ATTACHED', null, second)
      : engine('SESSION_CREATED', scenario === 'created-active' ? 'A.qvf' : null, second),
  ];
  const session = enigma.create({
    schema,
    url: 'ws://127.0.0.1/app/engineData',
    createSocket: () => new (engines.shift())(),
    protocol: { delta: false },
  });
  const global = await session.open();
  const doc = await global.openDoc('A.qvf');
  await doc.getObject('chart-1');
  await doc.getDimension('dim-1');
  await doc.getField('Region');
  await session.suspend();
  await session.resume();
  process.stdout.write(JSON.stringify(second));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
