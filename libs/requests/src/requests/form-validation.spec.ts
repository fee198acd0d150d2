import { InvalidInput } from '@app/core';
import { ProcedureField } from '../guide/procedure.types';
import { validateForm } from './form-validation';

const label = { ar: 'x', fr: 'x', en: 'x' };
const FIELDS: ProcedureField[] = [
  { key: 'name', type: 'text', required: true, label },
  { key: 'since', type: 'date', required: false, label },
  { key: 'size', type: 'number', required: true, label },
  { key: 'kind', type: 'choice', required: true, label, options: [{ value: 'a', label }] },
  { key: 'scan', type: 'file', required: true, label },
];

const errorsOf = (form: Record<string, unknown>) => {
  try {
    validateForm(FIELDS, form);
    return [];
  } catch (e) {
    return (e as InvalidInput).errors!.map((x) => `${x.field}:${x.reason}`).sort();
  }
};

describe('form validation against a procedure version', () => {
  it('accepts a good form, trims text and drops blank optional answers', () => {
    expect(validateForm(FIELDS, { name: '  Amina ', since: '', size: 3, kind: 'a' })).toEqual({ name: 'Amina', size: 3, kind: 'a' });
  });

  it('names each field at fault', () => {
    expect(errorsOf({ name: ' ', since: '2026-02-30', size: '3', kind: 'b', other: 1 })).toEqual([
      'form.kind:isIn',
      'form.name:required',
      'form.other:unknown',
      'form.since:type',
      'form.size:type',
    ]);
  });

  it('lets file fields come later as attachments, but checks a reference when given', () => {
    expect(errorsOf({ name: 'a', size: 1, kind: 'a' })).toEqual([]);
    expect(errorsOf({ name: 'a', size: 1, kind: 'a', scan: 'not-an-id' })).toEqual(['form.scan:type']);
  });
});
