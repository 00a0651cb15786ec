import type { AnyTopic } from '@careflow/contracts';
import type { RawKafkaRecord } from '@careflow/messaging';

/**
 * Synthetic PHI that only ever travels in malformed records and invalid HTTP requests: none of
 * it is ever stored, so any sighting in a log line, a DLQ reason header or an HTTP answer is a
 * leak of the input through an error text. Names no real log line or fixture uses.
 */
const NAMES = ['Zebediah', 'Quillfeather', 'Philomena', 'Brightwater', 'Octavius', 'Thistlewood'];
const BIRTH_DATES = ['1961-04-12', '1948-11-30', '1973-02-28'];
const SSNS = ['078-05-1120', '219-09-9999', '457-55-5462'];
const MEMBER_IDS = ['MBR99887766', 'MBR55443322', 'MEM00471193'];

export const phiCanaries: ReadonlySet<string> = new Set([
  ...NAMES,
  ...BIRTH_DATES,
  ...SSNS,
  ...MEMBER_IDS,
]);

/** A sentence of PHI, varied by `n`. */
export function phiText(n: number): string {
  const at = <T>(list: readonly T[], k: number): T => list[(n + k) % list.length]!;
  return `${at(NAMES, 0)} ${at(NAMES, 1)} born ${at(BIRTH_DATES, 0)} SSN ${at(SSNS, 0)} member ${at(MEMBER_IDS, 0)}`;
}

/**
 * A malformed record for `topic` full of PHI, every way a parser or validator might quote it: in
 * broken JSON, in text that is no JSON, as wrong-typed and out-of-enum values, as unknown keys,
 * in the CloudEvent type and time. Each can only go to the dead-letter topic.
 */
export function phiRecord(
  topic: AnyTopic,
  n: number,
  key: string,
  ce: (over?: Record<string, string>) => Record<string, string>,
): RawKafkaRecord {
  const phi = phiText(n);
  const member = [...MEMBER_IDS][n % MEMBER_IDS.length]!;
  const wrongTypes = {
    memberId: member,
    firstName: { text: phi },
    birthDate: phi,
    requestId: 19610412,
    status: phi,
    urgency: phi,
    [phi]: phi,
  };
  const variants: RawKafkaRecord[] = [
    { key, value: `{"memberId": "${member}", "name": "${phi}`, headers: ce() },
    { key, value: `${phi} is not JSON`, headers: ce() },
    { key, value: `{"note": "${phi}" "${phi}"}`, headers: ce() },
    { key, value: JSON.stringify(wrongTypes), headers: ce() },
    { key, value: JSON.stringify({ memberId: member }), headers: ce({ ce_type: phi }) },
    { key, value: JSON.stringify({ memberId: member }), headers: ce({ ce_time: phi }) },
    {
      key,
      value: `{"specversion":"1.0","id":"x","source":"urn:fuzz","type":"${topic.eventType}","data":{"name":"${phi}`,
      headers: { 'content-type': 'application/cloudevents+json' },
    },
  ];
  return variants[n % variants.length]!;
}

/** Request bodies that must answer 4xx and carry PHI where a parser might echo it. */
export function phiBodies(n: number): string[] {
  const phi = phiText(n);
  return [
    `{"notes": "${phi}`,
    `{"outcome": "${phi}", "reason": 42, "${phi}": true}`,
    JSON.stringify({ outcome: phi, summary: { text: phi }, conditionChanged: phi, [phi]: phi }),
    `${phi}`,
  ];
}

/** A query string with PHI in every commonly read parameter. */
export function phiQuery(n: number): string {
  const phi = encodeURIComponent(phiText(n));
  return `?memberId=${phi}&asOf=${phi}&month=${phi}&pcpNpi=${phi}&from=${phi}&to=${phi}`;
}
