import { PlatformMetrics } from '@careflow/platform';
import { InteropMetrics, x12AcknowledgmentCode } from './interop.metrics';

describe('interop gateway metrics', () => {
  it('counts messages by standard, type and acknowledgment, naming only supported types', async () => {
    const platform = new PlatformMetrics('interop-gateway');
    const metrics = new InteropMetrics(platform);
    metrics.hl7('ADT^A01', 'AA');
    metrics.hl7('ADT^A01', 'AA');
    metrics.hl7('SIU^S12', 'AR');
    metrics.hl7('ADT^A01SAMPLE-MEMBER', 'AR');
    metrics.hl7(undefined, 'AR');
    metrics.x12(
      '999',
      'ISA*00*~AK1*BE*1*005010X220A1~AK2*834*0001*005010X220A1~IK5*A~AK9*A*1*1*1~',
    );
    metrics.x12('TA1', 'ISA*00*~TA1*000000001*270115*1200*R*023~IEA*0*000000001~');
    const text = await platform.registry.metrics();
    const lines = text.split('\n').filter((l) => l.startsWith('careflow_interop_messages_total{'));
    const counts = Object.fromEntries(
      lines.map((l) => [
        l
          .replace(/^[^{]*\{/, '')
          .replace(/\}.*$/, '')
          .replace(/,?service="interop-gateway"/, ''),
        Number(l.split(' ').pop()),
      ]),
    );
    expect(counts).toEqual({
      'standard="hl7v2",message_type="ADT^A01",acknowledgment="AA"': 2,
      'standard="hl7v2",message_type="unsupported",acknowledgment="AR"': 2,
      'standard="hl7v2",message_type="unreadable",acknowledgment="AR"': 1,
      'standard="x12",message_type="834",acknowledgment="A"': 1,
      'standard="x12",message_type="interchange",acknowledgment="TA1-R"': 1,
    });
  });

  it('reads the code of a 999 (AK901) and of a TA1 (TA104)', () => {
    expect(x12AcknowledgmentCode('999', 'AK9*R*1*1*0~')).toBe('R');
    expect(x12AcknowledgmentCode('TA1', 'TA1*123456789*270115*1200*A*000~')).toBe('TA1-A');
    expect(x12AcknowledgmentCode('999', 'garbage')).toBe('unknown');
  });
});
