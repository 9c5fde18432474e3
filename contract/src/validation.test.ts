import { describe, expect, it } from 'vitest';
import { Type, type TSchema } from 'typebox';
import Value from 'typebox/value';
import { describeValidationError, type SchemaValidationError } from './validation.ts';
import { CreateOrganisationBody } from './organisations.ts';

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
