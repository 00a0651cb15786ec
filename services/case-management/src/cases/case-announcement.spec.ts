import { announcementOf, parseAnnouncement } from './case-announcement';

describe('case announcements', () => {
  it('names the former case manager of a reassignment only', () => {
    expect(
      parseAnnouncement(
        announcementOf({
          caseId: 'CASE-1',
          kind: 'assigned',
          detail: { from: 'cm-1', to: 'cm-2' },
        }),
      ),
    ).toEqual({ caseId: 'CASE-1', formerCaseManagerId: 'cm-1' });
    expect(
      parseAnnouncement(
        announcementOf({ caseId: 'CASE-1', kind: 'closed', detail: { from: 'x' } }),
      ),
    ).toEqual({ caseId: 'CASE-1', formerCaseManagerId: null });
    expect(
      parseAnnouncement(
        announcementOf({ caseId: 'CASE-1', kind: 'assigned', detail: { from: null } }),
      ),
    ).toEqual({ caseId: 'CASE-1', formerCaseManagerId: null });
  });

  it('ignores a payload it does not understand', () => {
    expect(parseAnnouncement('not json')).toBeUndefined();
    expect(parseAnnouncement('{"case":1}')).toBeUndefined();
  });
});
