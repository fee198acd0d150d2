import { FINAL_STATES, findTransition, NEXT_STEP, REQUEST_STATES, RequestState, TRANSITIONS } from './state-machine';

describe('request state machine (data)', () => {
  it('reaches every state from submitted, and leaves no final state', () => {
    const reached = new Set<RequestState>(['submitted']);
    for (let changed = true; changed;) {
      changed = false;
      for (const t of TRANSITIONS) {
        if (t.from.some((f) => reached.has(f)) && !reached.has(t.to)) {
          reached.add(t.to);
          changed = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...REQUEST_STATES].sort());
    for (const final of FINAL_STATES) expect(TRANSITIONS.filter((t) => t.from.includes(final))).toEqual([]);
    for (const s of REQUEST_STATES)
      expect(NEXT_STEP[s]).toEqual({ ar: expect.any(String), fr: expect.any(String), en: expect.any(String) });
  });

  it('tells a forbidden role from a wrong state', () => {
    expect(findTransition('in_review', 'approved', 'agent', false)).toMatchObject({ ok: true });
    expect(findTransition('in_review', 'approved', 'citizen', false)).toEqual({ ok: false, why: 'role' });
    expect(findTransition('in_review', 'approved', 'reception', false)).toEqual({ ok: false, why: 'role' });
    expect(findTransition('submitted', 'approved', 'agent', false)).toEqual({ ok: false, why: 'state' });
    expect(findTransition('in_review', 'cancelled', 'citizen', false)).toEqual({ ok: false, why: 'state' });
  });

  it('forwards only external procedures, and lets a partner answer only a forwarded request', () => {
    expect(findTransition('in_review', 'forwarded', 'agent', false)).toEqual({ ok: false, why: 'external' });
    expect(findTransition('in_review', 'forwarded', 'agent', true)).toMatchObject({ ok: true });
    expect(findTransition('forwarded', 'ready_for_pickup', 'partner', true)).toMatchObject({ ok: true });
    expect(findTransition('in_review', 'rejected', 'partner', true)).toEqual({ ok: false, why: 'state' });
    expect(findTransition('forwarded', 'approved', 'partner', true)).toEqual({ ok: false, why: 'role' });
  });

  it('requires a reason to ask for information and to reject', () => {
    const needing = TRANSITIONS.filter((t) => t.reason === 'required').map((t) => `${t.from.join('|')}>${t.to}`);
    expect(needing.sort()).toEqual(['forwarded>rejected', 'in_review>needs_info', 'in_review>rejected']);
  });
});
