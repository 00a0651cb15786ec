// Jest's default order (slowest first), except that the PDF rendering specs start first, on a
// fresh worker: pdfkit's output (the xref offsets) comes out corrupted when another test file ran
// before it in the same Jest worker, which services never see (each is one process; the
// integration suites parse real letters). Until the shared state is found, order keeps it clean.
const Sequencer = require('@jest/test-sequencer').default;

class UnitSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = sorted.filter((t) => /letter-pdf\.spec\.ts$/.test(t.path));
    return [...first, ...sorted.filter((t) => !first.includes(t))];
  }
}

module.exports = UnitSequencer;
