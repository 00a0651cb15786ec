import { connect, type Socket } from 'node:net';
import { issueDevelopmentToken } from '@careflow/platform';
import { mllpFrame, MllpDecoder } from '@careflow/interop-mapping';
import { scanTexts, type LeakReport } from './log-scan';
import { phiCanaries, phiText } from './phi-records';
import type { Fleet } from './services';

export interface InteropFuzzReport {
  x12: {
    requests: number;
    byStatus: Record<string, number>;
    serverErrors: number;
    unexpected: number;
  };
  hl7: { messages: number; byCode: Record<string, number>; unanswered: number; unexpected: number };
  /** Da Vinci CRD hook calls without a trusted EHR's JWT: each a 401 (400 if no JSON), never a 5xx. */
  crd: {
    requests: number;
    byStatus: Record<string, number>;
    serverErrors: number;
    unexpected: number;
  };
  examples: string[];
  /** Synthetic PHI of the messages found in any acknowledgment. */
  leaks: LeakReport;
}

const ISA = (control: string) =>
  `ISA*00*          *00*          *ZZ*FUZZSENDER     *ZZ*CAREFLOW       *270115*1200*^*00501*${control}*0*P*:~`;

/** Malformed 834 interchanges full of synthetic PHI: each must be answered by a TA1 or a rejecting 999. */
function badInterchanges(n: number, random: () => number): string[] {
  const phi = phiText(n);
  const control = String(100_000_000 + Math.floor(random() * 899_999_999));
  const [first, last] = phi.split(' ');
  const member = (ins: string) =>
    `INS*Y*18*${ins}*28*A***FT~REF*0F*${phi}~NM1*IL*1*${last}*${first}****34*${phi}~DMG*D8*${phi}*X~`;
  const set = (body: string, count: number) =>
    `GS*BE*FUZZSENDER*CAREFLOW*20270115*1200*1*X*005010X220A1~ST*834*0001*005010X220A1~BGN*00*${phi}*20270115*1200****2~${body}SE*${count}*0001~GE*1*1~IEA*1*${control}~`;
  return [
    `${ISA(control)}${set(member('021'), 7)}`, // wrong SE count, PHI in the member loop
    `${ISA(control)}${set(member('999'), 7)}`.replace('SE*7*', 'SE*8*'), // unknown maintenance type
    `${ISA(control).slice(0, 60)}${phi}`, // cut ISA
    `${ISA(control)}${set(member('021'), 7)}`.replace(/~IEA.*$/, ''), // truncated: no IEA
    `${ISA(control)}${set(member('021'), 7)}`.replaceAll('~', '\n'), // another segment terminator
    `${phi} is not X12`,
    '\u0000\u00ff'.repeat(64),
    ...badClaims(phi, control, first ?? phi, last ?? phi),
  ];
}

/** Malformed 837P interchanges with synthetic PHI in the claim: rejected by the 999 or a TA1. */
function badClaims(phi: string, control: string, first: string, last: string): string[] {
  const set = (body: string, count: number) =>
    `GS*HC*FUZZSENDER*CAREFLOW*20270115*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*${phi}*20270115*1200*CH~${body}SE*${count}*0001~GE*1*1~IEA*1*${control}~`;
  const claim = (hi: string) =>
    `HL*1**20*1~NM1*85*2*${phi}*****XX*1234567893~HL*2*1*22*0~SBR*P*18*******CI~NM1*IL*1*${last}*${first}****MI*${phi}~CLM*${phi}*100***11:B:1~HI*${hi}~`;
  return [
    `${ISA(control)}${set(claim(`ABK:${phi}`), 99)}`, // wrong SE count, PHI as a diagnosis
    `${ISA(control)}${set(claim(`ZZZ:${phi}`), 10)}`, // unknown HI qualifier
    `${ISA(control)}${set(claim('ABK:I10'), 10)}`.replace('CLM*', 'CLM'), // CLM without elements
  ];
}

/** CDS Hooks calls full of synthetic PHI, unsigned or signed by nobody the gateway trusts. */
function badHookCalls(n: number): { authorization: string | undefined; body: string }[] {
  const phi = phiText(n);
  const order = JSON.stringify({
    hook: 'order-sign',
    hookInstance: phi,
    context: { patientId: phi, draftOrders: { resourceType: 'Bundle', entry: [] } },
    prefetch: { patient: { resourceType: 'Patient', name: [{ text: phi }] } },
  });
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: phi })).toString('base64url')}.`;
  return [
    { authorization: undefined, body: order },
    { authorization: `Bearer ${unsigned}`, body: order },
    { authorization: `Bearer ${phi}`, body: `{"hook": "${phi}"` },
  ];
}

/** Malformed or unsupported HL7 v2 messages full of synthetic PHI: each must be answered AE or AR. */
function badHl7(n: number): string[] {
  const phi = phiText(n);
  const msh = (type: string, id = `FUZZ-${n}`) =>
    `MSH|^~\\&|FUZZ|FUZZ-HOSP^1234567893^NPI|CAREFLOW|CAREFLOW|20270115143000||${type}|${id}|P|2.5.1`;
  const pid = `PID|1||${phi}^^^CAREFLOW^MB||${phi}^${phi}||${phi}|F`;
  return [
    [
      msh('ADT^A01^ADT_A01'),
      pid,
      `PV1|1|I|||||||||||||||||${phi}|||||||||||||||||||||||||${phi}`,
    ].join('\r'),
    [msh('ADT^A03^ADT_A03'), pid, 'PV1|1|I', `DG1|1||${phi}^${phi}^ZZZ`].join('\r'),
    [msh('ADT^A13^ADT_A01'), `PID|1||X^^^OTHER^MB||${phi}`, 'PV1|1|I'].join('\r'),
    [msh('ORU^R01^ORU_R01'), pid, `OBR|1||${phi}`, `OBX|1|NM|${phi}^x^LN||${phi}|%`].join('\r'),
    [msh(`ADT^${phi.slice(0, 3).toUpperCase()}`), pid].join('\r'),
    [msh('SIU^S12^SIU_S12'), pid].join('\r'),
    [msh('ADT^A01^ADT_A01', ''), pid].join('\r'),
    `${phi} is not HL7`,
  ];
}

/** One MLLP connection that answers each sent frame with the next acknowledgment, or undefined on timeout. */
async function mllpSession(port: number): Promise<{
  send(message: string | Buffer): Promise<string | undefined>;
  close(): void;
}> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const decoder = new MllpDecoder(1024 * 1024);
  const answers: string[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (data: Buffer) => {
    answers.push(...decoder.push(data).frames);
    wake?.();
  });
  return {
    async send(message) {
      socket.write(typeof message === 'string' ? mllpFrame(message) : message);
      const deadline = Date.now() + 30_000;
      while (answers.length === 0 && Date.now() < deadline && !socket.destroyed)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 500);
        });
      return answers.shift();
    },
    close: () => socket.destroy(),
  };
}

/**
 * The interop gateway's doors under hostile input: malformed 834 and 837 interchanges over HTTP (each a
 * TA1 or a 999 that rejects, never a 5xx) and malformed HL7 v2 over one MLLP connection (each
 * answered AE or AR, the connection kept), all of them full of synthetic PHI that no answer may
 * echo. The gateway's log is scanned with the others' by the caller.
 */
export async function fuzzInterop(
  fleet: Fleet,
  secret: string,
  rounds: number,
  random: () => number,
): Promise<InteropFuzzReport> {
  const gateway = fleet.first('interop-gateway');
  const token = await issueDevelopmentToken(
    { id: 'integrator-dev', name: 'Integrator', roles: ['integrator'] },
    secret,
  );
  const report: InteropFuzzReport = {
    x12: { requests: 0, byStatus: {}, serverErrors: 0, unexpected: 0 },
    hl7: { messages: 0, byCode: {}, unanswered: 0, unexpected: 0 },
    crd: { requests: 0, byStatus: {}, serverErrors: 0, unexpected: 0 },
    examples: [],
    leaks: { lines: 0, leaks: 0, nonJsonLines: 0, examples: [] },
  };
  const answers: { label: string; text: string }[] = [];
  const note = (example: string) => {
    if (report.examples.length < 10) report.examples.push(example);
  };
  for (let n = 0; n < rounds; n++) {
    for (const [k, body] of badInterchanges(n, random).entries()) {
      const r = await fetch(`${gateway.url}/x12`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
        body,
      }).catch(() => undefined);
      const status = r?.status ?? 0;
      const text = r ? await r.text() : '';
      report.x12.requests += 1;
      report.x12.byStatus[status] = (report.x12.byStatus[status] ?? 0) + 1;
      if (status >= 500 || status === 0) report.x12.serverErrors += 1;
      const rejected = /TA1\*/.test(text) || /AK9\*[ER]\*/.test(text) || status === 400;
      if (status < 500 && status !== 0 && !rejected) {
        report.x12.unexpected += 1;
        note(`x12 #${k}: ${status} without a rejecting acknowledgment`);
      }
      answers.push({ label: `x12 #${k}`, text });
    }
  }
  for (let n = 0; n < rounds; n++) {
    for (const [k, call] of badHookCalls(n).entries()) {
      const r = await fetch(`${gateway.url}/cds-services/crd-order-sign`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(call.authorization ? { authorization: call.authorization } : {}),
        },
        body: call.body,
      }).catch(() => undefined);
      const status = r?.status ?? 0;
      report.crd.requests += 1;
      report.crd.byStatus[status] = (report.crd.byStatus[status] ?? 0) + 1;
      if (status >= 500 || status === 0) report.crd.serverErrors += 1;
      // A body that is no JSON is refused by the parser before the JWT is read: 400.
      else if (status !== 401 && status !== 400) {
        report.crd.unexpected += 1;
        note(`crd #${k}: ${status} instead of 401 or 400`);
      }
      answers.push({ label: `crd #${k}`, text: r ? await r.text() : '' });
    }
  }
  const session = await mllpSession(fleet.mllpPort);
  try {
    for (let n = 0; n < rounds; n++) {
      const messages: (string | Buffer)[] = [
        ...badHl7(n),
        // Garbage bytes and a frame cut short by the next, then a message that must still be answered.
        Buffer.concat([
          Buffer.from(`\u0000${phiText(n)}\u001c\r\u000b${phiText(n)}`),
          mllpFrame(badHl7(n)[5]!),
        ]),
      ];
      for (const [k, message] of messages.entries()) {
        const ack = await session.send(message);
        report.hl7.messages += 1;
        const code = /\rMSA\|(A[AER])\|/.exec(ack ?? '')?.[1] ?? 'none';
        report.hl7.byCode[code] = (report.hl7.byCode[code] ?? 0) + 1;
        if (ack === undefined) {
          report.hl7.unanswered += 1;
          note(`hl7 #${k}: no acknowledgment`);
        } else if (code !== 'AE' && code !== 'AR') {
          report.hl7.unexpected += 1;
          note(`hl7 #${k}: answered ${code}`);
        }
        answers.push({ label: `hl7 #${k}`, text: ack ?? '' });
      }
    }
  } finally {
    session.close();
  }
  report.leaks = scanTexts(answers, phiCanaries);
  return report;
}
