import { describe, expect, it } from 'vitest';
import { Type, type TSchema } from 'typebox';
import Value from 'typebox/value';
import { describeValidationError, type SchemaValidationError } from './validation.ts';
import { CreateOrganisationBody } from './organisations.ts';
import { findTextProblem } from './text-rules.ts';

const first = (schema: TSchema, value: unknown) =>
  [...Value.Errors(schema, value)].at(-1) as unknown as SchemaValidationError;

describe('Japanese validation messages naming the field', () => {
  it('names a nested array field by its title and path', () => {
    const body = {
      name: '機関',
      kana: 'きかん',
      sector: 'welfare',
      kind: 'other',
      regionIds: [],
      businessHours: [{ weekday: 9, opensAt: '09:00', closesAt: '10:00' }],
    };
    const problem = describeValidationError(CreateOrganisationBody, first(CreateOrganisationBody, body));
    expect(problem).toEqual({
      field: 'businessHours.0.weekday',
      message: '「曜日」(weekday)は6以下にしてください。',
    });
  });

  it('names a missing field reported by TypeBox (requiredProperties) as by Ajv (missingProperty)', () => {
    const schema = Type.Object({ name: Type.String({ title: '氏名' }) });
    expect(describeValidationError(schema, first(schema, {}))).toEqual({
      field: 'name',
      message: '「氏名」(name)は必須です。',
    });
  });

  it('explains required, length, format and unknown fields', () => {
    const schema = Type.Object(
      { email: Type.String({ format: 'email', title: 'メールアドレス', maxLength: 10 }) },
      { additionalProperties: false },
    );
    expect(
      describeValidationError(schema, {
        keyword: 'required',
        instancePath: '',
        params: { missingProperty: 'email' },
      }),
    ).toEqual({
      field: 'email',
      message: '「メールアドレス」(email)は必須です。',
    });
    expect(
      describeValidationError(schema, {
        keyword: 'format',
        instancePath: '/email',
        params: { format: 'email' },
      }).message,
    ).toBe('「メールアドレス」(email)の形式が正しくありません（メールアドレス）。');
    expect(
      describeValidationError(schema, {
        keyword: 'additionalProperties',
        instancePath: '',
        params: { additionalProperty: 'x' },
      }),
    ).toEqual({
      field: 'x',
      message: '「x」は受け付けられない項目です。',
    });
    expect(
      describeValidationError(
        schema,
        { keyword: 'maxLength', instancePath: '/email', params: { limit: 10 } },
        'querystring',
      ).message,
    ).toBe('「メールアドレス」(email)は10文字以内で入力してください。（検索条件）');
  });
});

describe('messages for text the schema cannot judge', () => {
  const schema = Type.Object({
    reason: Type.String({ title: '理由', minLength: 1, maxLength: 100 }),
    notes: Type.Array(Type.String({ title: 'メモ', maxLength: 100 })),
  });

  it('says a field holds a character that cannot be used, naming the field by its path', () => {
    const error = findTextProblem(schema, { reason: 'a', notes: ['ok', 'x\u0000y'] });
    expect(error).not.toBeNull();
    expect(describeValidationError(schema, error!)).toEqual({
      field: 'notes.1',
      message: '「メモ」(notes)に使用できない文字（制御文字など）が含まれています。',
    });
  });

  it('says required text cannot be only whitespace', () => {
    const error = findTextProblem(schema, { reason: '\u3000 \t\u3000', notes: [] });
    expect(describeValidationError(schema, error!)).toEqual({
      field: 'reason',
      message: '「理由」(reason)は空白だけでは入力できません。',
    });
  });

  it('marks a query string or URL problem as such', () => {
    const error = findTextProblem(schema, { reason: 'a\uD800', notes: [] });
    expect(describeValidationError(schema, error!, 'querystring').message).toBe(
      '「理由」(reason)に使用できない文字（制御文字など）が含まれています。（検索条件）',
    );
  });
});
