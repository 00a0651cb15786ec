import { elementOf, type X12Segment } from './segment';

/**
 * The hierarchy of an 837 (005010X222A1 professional, 005010X223A2 institutional, both §2.3
 * "Transaction Set Listing"): HL loops 2000A billing provider (HL03 20; its 2010AA NM1*85 names
 * the billing provider), 2000B subscriber (HL03 22; 2010BA NM1*IL the member), 2000C patient
 * (HL03 23, a dependent without an id of their own). Each CLM opens a 2300 claim loop under the
 * last HL: its NM1s are the 2310 provider loops, an SBR opens the 2320 other-subscriber loops, an
 * LX a 2400 service line. A claim is therefore read as the segments from its CLM up to the next
 * HL or CLM, split at SBR and LX.
 */
export interface ClaimLoop {
  readonly clm: X12Segment;
  /** Loop 2300 itself (DTP, CL1, HI, REF …) before any 2310 NM1, SBR or LX. */
  readonly claimLevel: readonly X12Segment[];
  /** Loop 2310x providers: each NM1 with what follows it. */
  readonly providers: readonly (readonly X12Segment[])[];
  /** Loop 2400 service lines: each LX with what follows it (SV1/SV2, DTP*472 …). */
  readonly lines: readonly (readonly X12Segment[])[];
  /** 2010AA NM1*85 of the billing provider the claim is under. */
  readonly billingProvider: X12Segment | undefined;
  /** 2010BA NM1*IL of the subscriber. */
  readonly subscriber: X12Segment | undefined;
  /** The HL*…*23 when the claim sits under a 2000C patient loop. */
  readonly patientLevel: X12Segment | undefined;
  /** The HL the claim sits under (its position names the loop when one is missing). */
  readonly hl: X12Segment | undefined;
}

type Place = 'header' | '2000A' | '2000B' | '2000C' | '2300' | '2310' | '2320' | '2400';

interface MutableClaim {
  clm: X12Segment;
  claimLevel: X12Segment[];
  providers: X12Segment[][];
  lines: X12Segment[][];
  billingProvider: X12Segment | undefined;
  subscriber: X12Segment | undefined;
  patientLevel: X12Segment | undefined;
  hl: X12Segment | undefined;
}

/**
 * Splits an 837 set into claims; `onClaim` is called as each claim ends, so a caller can map and
 * drop claims one at a time.
 */
export class ClaimLoopSplitter {
  private place: Place = 'header';
  private billingProvider: X12Segment | undefined;
  private subscriber: X12Segment | undefined;
  private patientLevel: X12Segment | undefined;
  private hl: X12Segment | undefined;
  private claim: MutableClaim | undefined;

  constructor(private readonly onClaim: (claim: ClaimLoop) => void) {}

  push(segment: X12Segment): void {
    if (segment.tag === 'HL') return this.openLevel(segment);
    if (segment.tag === 'CLM') {
      this.flush();
      this.claim = {
        clm: segment,
        claimLevel: [],
        providers: [],
        lines: [],
        billingProvider: this.billingProvider,
        subscriber: this.subscriber,
        patientLevel: this.patientLevel,
        hl: this.hl,
      };
      this.place = '2300';
      return;
    }
    if (this.claim) return this.pushClaimSegment(this.claim, segment);
    if (segment.tag !== 'NM1') return;
    const entity = elementOf(segment, 1);
    if (this.place === '2000A' && entity === '85') this.billingProvider = segment;
    if (this.place === '2000B' && entity === 'IL') this.subscriber = segment;
  }

  /** Ends the last claim (call after the set's last segment). */
  end(): void {
    this.flush();
  }

  private openLevel(hl: X12Segment): void {
    this.flush();
    this.hl = hl;
    const level = elementOf(hl, 3);
    if (level === '20') {
      this.place = '2000A';
      this.billingProvider = undefined;
      this.subscriber = undefined;
      this.patientLevel = undefined;
    } else if (level === '22') {
      this.place = '2000B';
      this.subscriber = undefined;
      this.patientLevel = undefined;
    } else {
      this.place = '2000C';
      this.patientLevel = hl;
    }
  }

  private pushClaimSegment(claim: MutableClaim, segment: X12Segment): void {
    if (segment.tag === 'LX') {
      claim.lines.push([segment]);
      this.place = '2400';
    } else if (this.place === '2400') claim.lines[claim.lines.length - 1]?.push(segment);
    else if (segment.tag === 'SBR') this.place = '2320';
    else if (this.place === '2320') return;
    else if (segment.tag === 'NM1') {
      claim.providers.push([segment]);
      this.place = '2310';
    } else if (this.place === '2310') claim.providers[claim.providers.length - 1]?.push(segment);
    else claim.claimLevel.push(segment);
  }

  private flush(): void {
    if (this.claim) this.onClaim(this.claim);
    this.claim = undefined;
  }
}

/** The claims of a whole set (for callers that hold the set anyway). */
export function splitClaimLoops(segments: readonly X12Segment[]): ClaimLoop[] {
  const claims: ClaimLoop[] = [];
  const splitter = new ClaimLoopSplitter((c) => claims.push(c));
  for (const segment of segments) splitter.push(segment);
  splitter.end();
  return claims;
}
