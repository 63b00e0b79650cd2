import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendor, json, startFakeVendor } from '../helpers/fake-vendor.js';
import { deleteDispositionMutation, deletePersonaMutation } from '../helpers/operations.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const uuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

const emptyMessage = 'The id is empty.';
const tooLongMessage = 'The id is longer than 128 characters.';
const blandShapeMessage = 'The id must be letters, digits, "_" and "-".';
const bolnaShapeMessage = 'The id must be a UUID.';

interface HostileId {
  label: string;
  id: string;
  message: string;
}

/** Ids that would change the request's path, query or meaning if they reached a URL unchecked. */
function hostileIds(shapeMessage: string): HostileId[] {
  return [
    { label: '"../x"', id: '../x', message: shapeMessage },
    { label: '"a/b"', id: 'a/b', message: shapeMessage },
    { label: '"%2F"', id: '%2F', message: shapeMessage },
    { label: '"..%2F..%2Fv1%2Fagents"', id: '..%2F..%2Fv1%2Fagents', message: shapeMessage },
    { label: '".."', id: '..', message: shapeMessage },
    { label: '"."', id: '.', message: shapeMessage },
    { label: '"a?b=c"', id: 'a?b=c', message: shapeMessage },
    { label: '"a#b"', id: 'a#b', message: shapeMessage },
    { label: '"a b"', id: 'a b', message: shapeMessage },
    { label: '"pérsona"', id: 'pérsona', message: shapeMessage },
    { label: '"👻"', id: '👻', message: shapeMessage },
    { label: 'an id with a trailing newline', id: 'abc\n', message: shapeMessage },
    { label: 'an id with a NUL character', id: 'abc\u0000', message: shapeMessage },
    { label: 'an id with a backslash', id: 'a\\b', message: shapeMessage },
    { label: 'an id of 10 000 characters', id: 'a'.repeat(10_000), message: tooLongMessage },
    { label: 'the empty string', id: '', message: emptyMessage },
    { label: 'an id of 129 characters', id: 'a'.repeat(129), message: tooLongMessage },
  ];
}

const blandHostileIds = hostileIds(blandShapeMessage);

const bolnaHostileIds: HostileId[] = [
  ...hostileIds(bolnaShapeMessage),
  { label: 'a non-UUID', id: 'not-a-uuid', message: bolnaShapeMessage },
  { label: 'a Bland-style id', id: 'persona_123', message: bolnaShapeMessage },
  { label: 'a UUID without dashes', id: uuid.replaceAll('-', ''), message: bolnaShapeMessage },
  { label: 'a UUID in braces', id: `{${uuid}}`, message: bolnaShapeMessage },
  { label: 'a UUID followed by a path', id: `${uuid}/../../v1/agents`, message: bolnaShapeMessage },
  { label: 'a UUID followed by a query', id: `${uuid}?x=1`, message: bolnaShapeMessage },
  { label: 'a UUID with a trailing newline', id: `${uuid}\n`, message: bolnaShapeMessage },
  { label: 'a UUID with a non-hex digit', id: uuid.replace('3', 'g'), message: bolnaShapeMessage },
  {
    label: 'a UUID of 129 characters',
    id: `${uuid}${'0'.repeat(129 - uuid.length)}`,
    message: tooLongMessage,
  },
];

let bland: FakeVendor;
let bolna: FakeVendor;
/** Holds keys for both vendors: only the id check can stop a call. */
let keyed: TestGateway;
/** Holds no key at all: a call would end in UnauthenticatedError unless the id check comes first. */
let keyless: TestGateway;

beforeAll(async () => {
  bland = await startFakeVendor(
    json(200, { data: { success: true, message: 'Persona deleted successfully' }, errors: null }),
  );
  bolna = await startFakeVendor(json(200, { message: 'Disposition deleted successfully', id: uuid }));
  keyed = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: 'sk-hostile-id-test' },
    bolna: { baseUrl: bolna.url, apiKey: 'bn-hostile-id-test' },
  });
  keyless = await startTestGateway({
    bland: { baseUrl: bland.url, apiKey: undefined },
    bolna: { baseUrl: bolna.url, apiKey: undefined },
  });
});

afterAll(async () => {
  await keyed?.close();
  await keyless?.close();
  await bland?.close();
  await bolna?.close();
});

const hostileCases = [
  {
    name: 'Bland',
    vendor: 'BLAND',
    field: 'deletePersona',
    mutation: deletePersonaMutation,
    ids: blandHostileIds,
    fake: () => bland,
  },
  {
    name: 'Bolna',
    vendor: 'BOLNA',
    field: 'deleteDisposition',
    mutation: deleteDispositionMutation,
    ids: bolnaHostileIds,
    fake: () => bolna,
  },
] as const;

for (const c of hostileCases) {
  describe(`${c.field} with a hostile id`, () => {
    for (const { label, id, message } of c.ids) {
      it(`rejects ${label} as InvalidInputError on id, with or without a key, and never calls ${c.name}`, async () => {
        const fake = c.fake();
        const before = fake.requests.length;

        for (const gateway of [keyed, keyless]) {
          const response = await gateway.graphql(c.mutation, { variables: { id } });
          expect(response.status).toBe(200);
          expect(response.body).toEqual({
            data: {
              [c.field]: {
                __typename: 'InvalidInputError',
                message,
                vendor: c.vendor,
                vendorCode: null,
                retryable: false,
                field: 'id',
              },
            },
          });
        }

        expect(fake.requests.slice(before)).toEqual([]);
      });
    }
  });
}

describe('deletePersona with an acceptable id', () => {
  for (const { label, id, force } of [
    { label: 'letters, digits, "_" and "-"', id: 'abc-DEF_123', force: false },
    { label: 'a UUID, with force', id: '11111111-1111-4111-8111-111111111111', force: true },
    { label: 'exactly 128 characters', id: 'Z9_-'.repeat(32), force: false },
  ]) {
    it(`sends ${label} as the one path segment after /v1/personas/`, async () => {
      expect(id.length).toBeLessThanOrEqual(128);
      const before = bland.requests.length;

      const response = await keyed.graphql(deletePersonaMutation, { variables: { id, force } });

      expect(response.body).toEqual({
        data: {
          deletePersona: {
            __typename: 'DeletePersonaSuccess',
            personaId: id,
            message: 'Persona deleted successfully',
          },
        },
      });
      expect(bland.requests.slice(before)).toEqual([
        {
          method: 'DELETE',
          url: `/v1/personas/${id}?force=${force}`,
          headers: expect.objectContaining({ authorization: 'sk-hostile-id-test' }),
        },
      ]);
    });
  }
});

describe('deleteDisposition with an acceptable id', () => {
  for (const { label, id } of [
    { label: 'a lower-case UUID', id: uuid },
    { label: 'an upper-case UUID', id: uuid.toUpperCase() },
  ]) {
    it(`sends ${label} as the one path segment after /dispositions/`, async () => {
      const before = bolna.requests.length;

      const response = await keyed.graphql(deleteDispositionMutation, { variables: { id } });

      expect(response.body).toEqual({
        data: {
          deleteDisposition: {
            __typename: 'DeleteDispositionSuccess',
            dispositionId: id,
            message: 'Disposition deleted successfully',
          },
        },
      });
      expect(bolna.requests.slice(before)).toEqual([
        {
          method: 'DELETE',
          url: `/dispositions/${id}`,
          headers: expect.objectContaining({ authorization: 'Bearer bn-hostile-id-test' }),
        },
      ]);
    });
  }
});

describe('the id check comes before the credential check', () => {
  it('answers InvalidInputError for a hostile persona id, and UnauthenticatedError for a good one, with no key', async () => {
    const before = bland.requests.length;

    const hostile = await keyless.graphql(deletePersonaMutation, { variables: { id: '../x' } });
    const good = await keyless.graphql(deletePersonaMutation, { variables: { id: 'persona-1' } });

    expect(hostile.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'InvalidInputError',
          message: blandShapeMessage,
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(good.body).toEqual({
      data: {
        deletePersona: {
          __typename: 'UnauthenticatedError',
          message: 'No Bland API key: the gateway holds none and the request sent no x-bland-api-key header.',
          vendor: 'BLAND',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bland.requests.slice(before)).toEqual([]);
  });

  it('answers InvalidInputError for a hostile disposition id, and UnauthenticatedError for a good one, with no key', async () => {
    const before = bolna.requests.length;

    const hostile = await keyless.graphql(deleteDispositionMutation, { variables: { id: '../x' } });
    const good = await keyless.graphql(deleteDispositionMutation, { variables: { id: uuid } });

    expect(hostile.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'InvalidInputError',
          message: bolnaShapeMessage,
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
          field: 'id',
        },
      },
    });
    expect(good.body).toEqual({
      data: {
        deleteDisposition: {
          __typename: 'UnauthenticatedError',
          message: 'No Bolna API key: the gateway holds none and the request sent no x-bolna-api-key header.',
          vendor: 'BOLNA',
          vendorCode: null,
          retryable: false,
        },
      },
    });
    expect(bolna.requests.slice(before)).toEqual([]);
  });
});
